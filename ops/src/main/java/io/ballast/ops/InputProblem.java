package io.ballast.ops;

/** The input cannot be used (a missing file, a bad config, no journal there): exit code 1 with this message. */
final class InputProblem extends RuntimeException {

    static final int EXIT_CODE = 1;

    InputProblem(String message) {
        super(message);
    }
}
