package io.hablocks.cib;

import java.util.List;

/**
 * The {@code <status>} section.
 *
 * @param nodeStates the {@code node_state} children, in order
 * @param tickets the {@code ticket_state} children of {@code tickets}
 * @param element the XML element this value was read from (keeps every attribute and child, known or not)
 */
public record Status(
    List<NodeState> nodeStates,
    List<TicketState> tickets,
    CibElement element) {

  /** Checks components and copies lists (the record is immutable). */
  public Status {
      nodeStates = List.copyOf(nodeStates);
      tickets = List.copyOf(tickets);
      java.util.Objects.requireNonNull(element, "element");
  }
}
