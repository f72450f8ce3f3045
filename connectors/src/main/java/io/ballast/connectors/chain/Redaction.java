package io.ballast.connectors.chain;

import java.net.URI;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * RPC URLs often carry API keys, in the path ({@code /v2/KEY}), the query ({@code ?apikey=KEY}) or
 * the user info ({@code user:KEY@}). Anything that leaves Ballast — logs, metrics, errors — shows an
 * endpoint as scheme, host and port only.
 */
public final class Redaction {

    private static final Pattern URL = Pattern.compile("(?i)\\b(?:https?|wss?)://[^\\s\"'<>()\\[\\]{}]+");

    private Redaction() {
    }

    /** The endpoint as {@code scheme://host:port}, with {@code /…} if it had a path or query. */
    public static String url(String url) {
        try {
            URI uri = URI.create(url);
            if (uri.getScheme() == null || uri.getHost() == null) {
                return "<unparseable endpoint>";
            }
            String port = uri.getPort() < 0 ? "" : ":" + uri.getPort();
            boolean hidden = uri.getRawUserInfo() != null || uri.getRawQuery() != null || uri.getRawFragment() != null
                    || (uri.getRawPath() != null && !uri.getRawPath().isEmpty() && !uri.getRawPath().equals("/"));
            return uri.getScheme() + "://" + uri.getHost() + port + (hidden ? "/…" : "");
        } catch (IllegalArgumentException e) {
            return "<unparseable endpoint>";
        }
    }

    /** A message (an exception's, typically) with every URL in it redacted. */
    public static String text(String message) {
        if (message == null) {
            return "";
        }
        Matcher matcher = URL.matcher(message);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            matcher.appendReplacement(out, Matcher.quoteReplacement(url(matcher.group())));
        }
        matcher.appendTail(out);
        return out.toString();
    }
}
