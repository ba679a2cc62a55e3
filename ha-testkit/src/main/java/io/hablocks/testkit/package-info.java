/**
 * Test support for ha-blocks users and modules: {@link io.hablocks.testkit.ManualClock}, a
 * {@code Clock} that tests move forward, and {@link io.hablocks.testkit.PeerTest}, which tags a
 * test that needs a real peer and checks its environment first.
 */
package io.hablocks.testkit;
