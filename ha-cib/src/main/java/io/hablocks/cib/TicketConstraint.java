package io.hablocks.cib;

import java.util.List;
import java.util.Optional;

/**
 * An {@code <rsc_ticket>}: resources that depend on a ticket.
 *
 * @param id the {@code id} attribute
 * @param ticket the {@code ticket} attribute
 * @param rsc the {@code rsc} attribute
 * @param rscRole the {@code rsc-role} attribute
 * @param lossPolicy the {@code loss-policy} attribute (stop, demote, fence, freeze)
 * @param resourceSets the {@code resource_set} children, in order
 * @param element the XML element this value was read from (keeps every attribute and child, known or not)
 */
public record TicketConstraint(
    String id,
    String ticket,
    Optional<String> rsc,
    Optional<String> rscRole,
    Optional<String> lossPolicy,
    List<ResourceSet> resourceSets,
    CibElement element) implements Constraint {

  /** Checks components and copies lists (the record is immutable). */
  public TicketConstraint {
      java.util.Objects.requireNonNull(id, "id");
      java.util.Objects.requireNonNull(ticket, "ticket");
      java.util.Objects.requireNonNull(rsc, "rsc");
      java.util.Objects.requireNonNull(rscRole, "rscRole");
      java.util.Objects.requireNonNull(lossPolicy, "lossPolicy");
      resourceSets = List.copyOf(resourceSets);
      java.util.Objects.requireNonNull(element, "element");
  }
}
