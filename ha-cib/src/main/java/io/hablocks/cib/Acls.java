package io.hablocks.cib;

import java.util.List;

/**
 * The {@code <acls>} section: targets, groups and roles.
 *
 * @param targets the {@code acl_target} children
 * @param groups the {@code acl_group} children
 * @param roles the {@code acl_role} children
 * @param element the XML element this value was read from (keeps every attribute and child, known or not)
 */
public record Acls(
    List<AclTarget> targets,
    List<AclTarget> groups,
    List<AclRole> roles,
    CibElement element) {

  /** Checks components and copies lists (the record is immutable). */
  public Acls {
      targets = List.copyOf(targets);
      groups = List.copyOf(groups);
      roles = List.copyOf(roles);
      java.util.Objects.requireNonNull(element, "element");
  }
}
