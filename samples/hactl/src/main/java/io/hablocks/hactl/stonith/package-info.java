/**
 * {@code hactl stonith}: fence agents and fencing from the command line, like
 * {@code stonith_admin} (list-installed, metadata, fence, history).
 */
package io.hablocks.hactl.stonith;
