/**
 * Live chains through web3j: an {@link io.ballast.connectors.chain.EvmChainSource} per chain turns a
 * node's JSON-RPC into the engine's events (blocks, ERC-20 and native transfers of the tracked
 * accounts, finality, opening balances), follows the head, and finds reorgs by comparing hashes at
 * the same height. Endpoints are shown only {@link io.ballast.connectors.chain.Redaction redacted}:
 * RPC URLs often carry API keys.
 */
package io.ballast.connectors.chain;
