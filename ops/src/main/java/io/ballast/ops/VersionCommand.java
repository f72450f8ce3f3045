package io.ballast.ops;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code ballast version}: Ballast's version and the JVM it runs on. */
@Command(name = "version", mixinStandardHelpOptions = true, description = "Print Ballast's version and the Java it runs on.")
final class VersionCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        for (String line : Provider.lines()) {
            spec.commandLine().getOut().println(line);
        }
    }

    /** The version lines, from the build's {@code ballast-version.properties}. */
    static final class Provider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return lines();
        }

        static String[] lines() {
            Properties build = new Properties();
            try (InputStream in = VersionCommand.class.getResourceAsStream("/ballast-version.properties")) {
                if (in != null) {
                    build.load(in);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return new String[] {
                "ballast " + build.getProperty("version", "unknown"),
                "java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")"
                        + ", pekko " + build.getProperty("pekko", "?") + ", chronicle-queue " + build.getProperty("chronicle", "?")
            };
        }
    }
}
