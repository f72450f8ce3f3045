/**
 * Every input Ballast accepts, as immutable records under the sealed {@link io.ballast.engine.event.Event}.
 *
 * <p>Events are already resolved against the catalogue: assets are symbols, tokens are lower-case
 * contract addresses (or {@code native}), amounts are exact base units. The connectors, the Kafka
 * inputs and the event-file codec all produce these same records, and the journal stores them.
 */
package io.ballast.engine.event;
