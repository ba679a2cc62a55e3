package io.hablocks.cib;

import java.util.List;
import java.util.Optional;

/**
 * A {@code <node>} of the configuration: a cluster node's id, name, type and attributes.
 *
 * @param id the {@code id} attribute
 * @param uname the {@code uname} attribute
 * @param type the {@code type} attribute (member, remote, ping; "normal" in old CIBs)
 * @param description the {@code description} attribute
 * @param score the {@code score} attribute
 * @param instanceAttributes the {@code instance_attributes} sets, in document order
 * @param utilization the {@code utilization} sets, in document order
 * @param element the XML element this value was read from (keeps every attribute and child, known or not)
 */
public record ClusterNode(
    String id,
    String uname,
    Optional<String> type,
    Optional<String> description,
    Optional<String> score,
    List<NvSet> instanceAttributes,
    List<NvSet> utilization,
    CibElement element) {

  /** Checks components and copies lists (the record is immutable). */
  public ClusterNode {
      java.util.Objects.requireNonNull(id, "id");
      java.util.Objects.requireNonNull(uname, "uname");
      java.util.Objects.requireNonNull(type, "type");
      java.util.Objects.requireNonNull(description, "description");
      java.util.Objects.requireNonNull(score, "score");
      instanceAttributes = List.copyOf(instanceAttributes);
      utilization = List.copyOf(utilization);
      java.util.Objects.requireNonNull(element, "element");
  }
}
