/**
 * The zero-dependency vocabulary every ha-blocks module shares: node identity, membership views,
 * quorum state, the {@link io.hablocks.api.Clock} every timer goes through, and listener
 * {@link io.hablocks.api.Subscription}s. The SPIs live in the sub-packages.
 */
package io.hablocks.api;
