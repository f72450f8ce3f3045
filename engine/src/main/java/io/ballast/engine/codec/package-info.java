/**
 * Encodings of events: the JSONL event-file format of the design brief (scenarios, back-tests, Kafka
 * inputs) and the compact binary form the journal stores.
 */
package io.ballast.engine.codec;
