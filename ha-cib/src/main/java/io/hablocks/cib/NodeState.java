package io.hablocks.cib;

import java.util.List;
import java.util.Optional;

/**
 * A {@code <node_state>} of the status section: membership flags, transient attributes and the
 * resource operation history of one node.
 *
 * @param id the {@code id} attribute (Pacemaker skips the history of a node_state without one)
 * @param uname the {@code uname} attribute
 * @param inCcm the {@code in_ccm} attribute
 * @param crmd the {@code crmd} attribute
 * @param join the {@code join} attribute
 * @param expected the {@code expected} attribute
 * @param shutdown the {@code shutdown} attribute
 * @param remoteNode the {@code remote_node} attribute
 * @param nodeFenced the {@code node_fenced} attribute
 * @param crmDebugOrigin the {@code crm-debug-origin} attribute
 * @param transientAttributes the sets inside {@code transient_attributes}
 * @param lrmResources the {@code lrm_resource} children of {@code lrm/lrm_resources}
 * @param element the XML element this value was read from (keeps every attribute and child, known or not)
 */
public record NodeState(
    Optional<String> id,
    Optional<String> uname,
    Optional<String> inCcm,
    Optional<String> crmd,
    Optional<String> join,
    Optional<String> expected,
    Optional<String> shutdown,
    Optional<String> remoteNode,
    Optional<String> nodeFenced,
    Optional<String> crmDebugOrigin,
    List<NvSet> transientAttributes,
    List<LrmResource> lrmResources,
    CibElement element) {

  /** Checks components and copies lists (the record is immutable). */
  public NodeState {
      java.util.Objects.requireNonNull(id, "id");
      java.util.Objects.requireNonNull(uname, "uname");
      java.util.Objects.requireNonNull(inCcm, "inCcm");
      java.util.Objects.requireNonNull(crmd, "crmd");
      java.util.Objects.requireNonNull(join, "join");
      java.util.Objects.requireNonNull(expected, "expected");
      java.util.Objects.requireNonNull(shutdown, "shutdown");
      java.util.Objects.requireNonNull(remoteNode, "remoteNode");
      java.util.Objects.requireNonNull(nodeFenced, "nodeFenced");
      java.util.Objects.requireNonNull(crmDebugOrigin, "crmDebugOrigin");
      transientAttributes = List.copyOf(transientAttributes);
      lrmResources = List.copyOf(lrmResources);
      java.util.Objects.requireNonNull(element, "element");
  }
}
