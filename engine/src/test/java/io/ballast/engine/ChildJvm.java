package io.ballast.engine;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Starts a class's main in a child JVM with this JVM's class path and flags (Chronicle's among them), for crash tests. */
public final class ChildJvm {

    private ChildJvm() {
    }

    /** Starts {@code main} with {@code args}; its standard error goes where {@code stderr} says. */
    public static Process start(Class<?> main, ProcessBuilder.Redirect stderr, String... args) throws IOException {
        return new ProcessBuilder(command(main, args)).redirectError(stderr).start();
    }

    /** Starts {@code main} with {@code args}, its standard output and error appended to {@code log}. */
    public static Process startLogged(Class<?> main, Path log, String... args) throws IOException {
        return new ProcessBuilder(command(main, args)).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
    }

    private static List<String> command(Class<?> main, String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(arg -> arg.startsWith("--add-") || arg.startsWith("-D") || arg.startsWith("--enable-")
                        || arg.startsWith("--sun-"))
                .toList());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(main.getName());
        command.addAll(List.of(args));
        return command;
    }
}
