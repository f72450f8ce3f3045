package io.ballast.engine.model;

/** An enum constant with the lower-case label users write in files and messages. */
public interface Labelled {

    String label();

    /** The constant whose label is {@code label}; the error lists the labels that would have been accepted. */
    static <E extends Enum<E> & Labelled> E fromLabel(Class<E> type, String label, String what) {
        StringBuilder expected = new StringBuilder();
        E[] constants = type.getEnumConstants();
        for (int i = 0; i < constants.length; i++) {
            if (constants[i].label().equals(label)) {
                return constants[i];
            }
            expected.append(i == 0 ? "" : i == constants.length - 1 ? " or " : ", ").append(constants[i].label());
        }
        throw new IllegalArgumentException("unknown " + what + " '" + label + "' (expected " + expected + ")");
    }
}
