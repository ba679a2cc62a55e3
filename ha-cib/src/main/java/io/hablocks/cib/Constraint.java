package io.hablocks.cib;

import java.util.List;

/**
 * A constraint of the {@code constraints} section: {@link LocationConstraint},
 * {@link ColocationConstraint}, {@link OrderConstraint} or {@link TicketConstraint}.
 */
public sealed interface Constraint
    permits LocationConstraint, ColocationConstraint, OrderConstraint, TicketConstraint {

  /** @return the constraint id */
  String id();

  /** @return the {@code resource_set} children, empty for a constraint between two resources */
  List<ResourceSet> resourceSets();

  /** @return the XML element the constraint was read from */
  CibElement element();
}
