/**
 * hactl, the command line of ha-blocks (pcs-like): each subcommand is a picocli command class
 * registered in {@link io.hablocks.hactl.Hactl}.
 */
package io.hablocks.hactl;
