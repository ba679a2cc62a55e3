package io.hablocks.cib;

import java.util.Optional;

/**
 * A {@code <ticket_state>} in the status section.
 *
 * @param id the {@code id} attribute
 * @param granted the {@code granted} attribute
 * @param standby the {@code standby} attribute
 * @param lastGranted the {@code last-granted} attribute
 * @param element the XML element this value was read from (keeps every attribute and child, known or not)
 */
public record TicketState(
    String id,
    Optional<String> granted,
    Optional<String> standby,
    Optional<String> lastGranted,
    CibElement element) {

  /** Checks components and copies lists (the record is immutable). */
  public TicketState {
      java.util.Objects.requireNonNull(id, "id");
      java.util.Objects.requireNonNull(granted, "granted");
      java.util.Objects.requireNonNull(standby, "standby");
      java.util.Objects.requireNonNull(lastGranted, "lastGranted");
      java.util.Objects.requireNonNull(element, "element");
  }

  /** @return whether the ticket is granted */
  public boolean isGranted() {
    return granted.map(CibBooleans::isTrue).orElse(false);
  }

  /** @return whether the ticket is in standby */
  public boolean isStandby() {
    return standby.map(CibBooleans::isTrue).orElse(false);
  }
}
