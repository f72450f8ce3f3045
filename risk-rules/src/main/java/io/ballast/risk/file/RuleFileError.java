package io.ballast.risk.file;

/** One problem in a rule file; {@link #toString()} is {@code file:line:col: message} (1-based). */
public record RuleFileError(String file, int line, int column, String message) implements Comparable<RuleFileError> {

    @Override
    public String toString() {
        return file + ":" + line + ":" + column + ": " + message;
    }

    @Override
    public int compareTo(RuleFileError other) {
        int order = file.compareTo(other.file);
        if (order == 0) {
            order = Integer.compare(line, other.line);
        }
        return order != 0 ? order : Integer.compare(column, other.column);
    }
}
