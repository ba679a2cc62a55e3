/**
 * Implementation details of ha-api: not API, may change in any release.
 * Holds the system {@link io.hablocks.api.Clock}.
 */
package io.hablocks.api.internal;
