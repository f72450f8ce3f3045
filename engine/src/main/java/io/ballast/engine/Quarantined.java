package io.ballast.engine;

/**
 * An input that threw while it was applied or decided on, set aside so the pipeline goes on.
 *
 * @param journalIndex where the input is in the journal ({@code journal dump} shows it)
 * @param seq          its input sequence number
 * @param reason       the exception, as class and message
 */
public record Quarantined(long journalIndex, long seq, String reason) {
}
