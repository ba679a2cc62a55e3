package io.hablocks.cib;

import java.util.List;
import java.util.Optional;

/**
 * The {@code <configuration>} section, typed. Unknown children stay in {@link #element()}.
 *
 * @param crmConfig the {@code cluster_property_set}s of {@code crm_config}
 * @param rscDefaults the {@code meta_attributes} of {@code rsc_defaults}
 * @param opDefaults the {@code meta_attributes} of {@code op_defaults}
 * @param nodes the {@code node} children of {@code nodes}
 * @param resources the top-level resources, in order
 * @param templates the {@code template} children of {@code resources}
 * @param constraints the constraints, in order
 * @param fencingLevels the levels of {@code fencing-topology}
 * @param tags the {@code tag} children of {@code tags}
 * @param alerts the {@code alert} children of {@code alerts}
 * @param acls the {@code acls} section
 * @param element the XML element this value was read from (keeps every attribute and child, known or not)
 */
public record Configuration(
    List<NvSet> crmConfig,
    List<NvSet> rscDefaults,
    List<NvSet> opDefaults,
    List<ClusterNode> nodes,
    List<Resource> resources,
    List<ResourceTemplate> templates,
    List<Constraint> constraints,
    List<FencingLevel> fencingLevels,
    List<Tag> tags,
    List<Alert> alerts,
    Optional<Acls> acls,
    CibElement element) {

  /** Checks components and copies lists (the record is immutable). */
  public Configuration {
      crmConfig = List.copyOf(crmConfig);
      rscDefaults = List.copyOf(rscDefaults);
      opDefaults = List.copyOf(opDefaults);
      nodes = List.copyOf(nodes);
      resources = List.copyOf(resources);
      templates = List.copyOf(templates);
      constraints = List.copyOf(constraints);
      fencingLevels = List.copyOf(fencingLevels);
      tags = List.copyOf(tags);
      alerts = List.copyOf(alerts);
      java.util.Objects.requireNonNull(acls, "acls");
      java.util.Objects.requireNonNull(element, "element");
  }
}
