package io.ballast.ops.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * The guard of the endpoints that change something ({@code ballast.http.token}): a request passes with
 * {@code Authorization: Bearer <token>}, compared in constant time; with no token configured nothing may
 * be changed over HTTP.
 */
public final class BearerToken extends AllDirectives {

    private final String token;

    public BearerToken(String token) {
        this.token = token;
    }

    public Route authorized(Supplier<Route> inner) {
        if (token.isEmpty()) {
            return complete(JsonResponses.of(StatusCodes.FORBIDDEN,
                    Map.of("error", "changes over HTTP are off: set ballast.http.token (e.g. from ${?BALLAST_HTTP_TOKEN})")));
        }
        return optionalHeaderValueByName("Authorization", header -> {
            byte[] expected = ("Bearer " + token).getBytes(StandardCharsets.UTF_8);
            if (header.isEmpty() || !MessageDigest.isEqual(expected, header.get().getBytes(StandardCharsets.UTF_8))) {
                return complete(JsonResponses.of(StatusCodes.UNAUTHORIZED,
                        Map.of("error", "this endpoint needs Authorization: Bearer <ballast.http.token>")));
            }
            return inner.get();
        });
    }
}
