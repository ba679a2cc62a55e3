package io.hablocks.cib.internal;

import io.hablocks.cib.AclPermission;
import io.hablocks.cib.AclRole;
import io.hablocks.cib.AclTarget;
import io.hablocks.cib.Acls;
import io.hablocks.cib.Alert;
import io.hablocks.cib.AlertRecipient;
import io.hablocks.cib.AttributeExpression;
import io.hablocks.cib.Bundle;
import io.hablocks.cib.CibElement;
import io.hablocks.cib.CibParseException;
import io.hablocks.cib.Clone;
import io.hablocks.cib.ClusterNode;
import io.hablocks.cib.ColocationConstraint;
import io.hablocks.cib.Configuration;
import io.hablocks.cib.Constraint;
import io.hablocks.cib.DateDuration;
import io.hablocks.cib.DateExpression;
import io.hablocks.cib.DateSpec;
import io.hablocks.cib.Expression;
import io.hablocks.cib.FencingLevel;
import io.hablocks.cib.Group;
import io.hablocks.cib.LocationConstraint;
import io.hablocks.cib.LrmResource;
import io.hablocks.cib.LrmRscOp;
import io.hablocks.cib.NodeState;
import io.hablocks.cib.NvPair;
import io.hablocks.cib.NvSet;
import io.hablocks.cib.OpExpression;
import io.hablocks.cib.Operation;
import io.hablocks.cib.OrderConstraint;
import io.hablocks.cib.Primitive;
import io.hablocks.cib.Resource;
import io.hablocks.cib.ResourceSet;
import io.hablocks.cib.ResourceTemplate;
import io.hablocks.cib.RscExpression;
import io.hablocks.cib.Rule;
import io.hablocks.cib.Status;
import io.hablocks.cib.Tag;
import io.hablocks.cib.TicketConstraint;
import io.hablocks.cib.TicketState;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Reads the typed model from the element tree. Lenient where Pacemaker is lenient (unknown
 * attributes and children are kept in the elements and ignored here); strict where a value
 * cannot be represented (a resource or constraint without an id, a number that is no number),
 * naming the element path and line.
 */
public final class ModelReader {

  private ModelReader() {}

  /**
   * @param cib the {@code cib} element
   * @return the configuration ({@code /cib/configuration}, empty lists when absent)
   */
  public static Configuration configuration(CibElement cib) {
    String base = "/cib/configuration";
    CibElement conf = cib.firstElement("configuration").orElse(CibElement.of("configuration"));
    List<NvSet> crm = sets(conf, "crm_config", "cluster_property_set", base);
    List<NvSet> rscDefaults = sets(conf, "rsc_defaults", "meta_attributes", base);
    List<NvSet> opDefaults = sets(conf, "op_defaults", "meta_attributes", base);
    List<ClusterNode> nodes = new ArrayList<>();
    List<Resource> resources = new ArrayList<>();
    List<ResourceTemplate> templates = new ArrayList<>();
    List<Constraint> constraints = new ArrayList<>();
    List<FencingLevel> levels = new ArrayList<>();
    List<Tag> tags = new ArrayList<>();
    List<Alert> alerts = new ArrayList<>();
    Optional<Acls> acls = Optional.empty();
    for (CibElement sect : conf.elements()) {
      String sp = base + "/" + sect.name();
      switch (sect.name()) {
        case "nodes" -> {
          for (CibElement n : sect.elements("node")) {
            String p = sp + step(n);
            nodes.add(new ClusterNode(req(n, "id", p), n.attribute("uname", ""), n.attribute("type"),
                n.attribute("description"), n.attribute("score"), sets(n, "instance_attributes", p),
                sets(n, "utilization", p), n));
          }
        }
        case "resources" -> {
          for (CibElement r : sect.elements()) {
            String p = sp + step(r);
            if (r.name().equals("template")) {
              templates.add(template(r, p));
            } else {
              Resource res = resource(r, p);
              if (res != null) {
                resources.add(res);
              }
            }
          }
        }
        case "constraints" -> {
          for (CibElement c : sect.elements()) {
            Constraint con = constraint(c, sp + step(c));
            if (con != null) {
              constraints.add(con);
            }
          }
        }
        case "fencing-topology" -> {
          for (CibElement l : sect.elements("fencing-level")) {
            String p = sp + step(l);
            String devices = l.attribute("devices", "");
            levels.add(new FencingLevel(req(l, "id", p), integer(l, "index", p, 0),
                devices.isEmpty() ? List.of() : Arrays.asList(devices.split(",")),
                l.attribute("target"), l.attribute("target-pattern"), l.attribute("target-attribute"),
                l.attribute("target-value"), l));
          }
        }
        case "tags" -> {
          for (CibElement t : sect.elements("tag")) {
            String p = sp + step(t);
            List<String> refs = new ArrayList<>();
            for (CibElement o : t.elements("obj_ref")) {
              refs.add(req(o, "id", p + step(o)));
            }
            tags.add(new Tag(req(t, "id", p), refs, t));
          }
        }
        case "alerts" -> {
          for (CibElement a : sect.elements("alert")) {
            String p = sp + step(a);
            List<AlertRecipient> rec = new ArrayList<>();
            for (CibElement r : a.elements("recipient")) {
              String rp = p + step(r);
              rec.add(new AlertRecipient(req(r, "id", rp), r.attribute("value", ""),
                  r.attribute("description"), sets(r, "meta_attributes", rp),
                  sets(r, "instance_attributes", rp), r));
            }
            alerts.add(new Alert(req(a, "id", p), a.attribute("path", ""), a.attribute("description"),
                sets(a, "meta_attributes", p), sets(a, "instance_attributes", p),
                a.firstElement("select"), rec, a));
          }
        }
        case "acls" -> acls = Optional.of(acls(sect, sp));
        default -> {
          // crm_config, rsc_defaults, op_defaults read above; anything else is kept in the element
        }
      }
    }
    return new Configuration(crm, rscDefaults, opDefaults, nodes, resources, templates, constraints,
        levels, tags, alerts, acls, conf);
  }

  /**
   * @param cib the {@code cib} element
   * @return the status ({@code /cib/status}, empty when absent)
   */
  public static Status status(CibElement cib) {
    String base = "/cib/status";
    CibElement st = cib.firstElement("status").orElse(CibElement.of("status"));
    List<NodeState> states = new ArrayList<>();
    List<TicketState> tickets = new ArrayList<>();
    for (CibElement c : st.elements()) {
      String p = base + step(c);
      if (c.name().equals("node_state")) {
        states.add(nodeState(c, p));
      } else if (c.name().equals("tickets")) {
        for (CibElement t : c.elements("ticket_state")) {
          tickets.add(new TicketState(req(t, "id", p + step(t)), t.attribute("granted"),
              t.attribute("standby"), t.attribute("last-granted"), t));
        }
      }
    }
    return new Status(states, tickets, st);
  }

  private static NodeState nodeState(CibElement n, String p) {
    List<NvSet> transient_ = new ArrayList<>();
    List<LrmResource> lrm = new ArrayList<>();
    for (CibElement c : n.elements()) {
      if (c.name().equals("transient_attributes")) {
        transient_.addAll(setsAny(c, p + step(c)));
      } else if (c.name().equals("lrm")) {
        String lp = p + step(c);
        for (CibElement rs : c.elements("lrm_resources")) {
          String rsp = lp + step(rs);
          for (CibElement r : rs.elements("lrm_resource")) {
            lrm.add(lrmResource(r, rsp + step(r)));
          }
        }
      }
    }
    return new NodeState(n.attribute("id"), n.attribute("uname"), n.attribute("in_ccm"),
        n.attribute("crmd"), n.attribute("join"), n.attribute("expected"), n.attribute("shutdown"),
        n.attribute("remote_node"), n.attribute("node_fenced"), n.attribute("crm-debug-origin"),
        transient_, lrm, n);
  }

  private static LrmResource lrmResource(CibElement r, String p) {
    List<LrmRscOp> ops = new ArrayList<>();
    for (CibElement o : r.elements("lrm_rsc_op")) {
      String op = p + step(o);
      ops.add(new LrmRscOp(req(o, "id", op), o.attribute("operation", ""), o.attribute("operation_key"),
          o.attribute("interval", "0"), o.attribute("transition-key"), o.attribute("transition-magic"),
          integer(o, "call-id", op, -1), integer(o, "rc-code", op, -1), integer(o, "op-status", op, -1),
          o.attribute("exit-reason"), o.attribute("on_node"), o.attribute("crm_feature_set"),
          o.attribute("crm-debug-origin"), longOf(o, op, "last-run", "last_run"),
          longOf(o, op, "last-rc-change", "last_rc_change"), longOf(o, op, "exec-time", "exec_time"),
          longOf(o, op, "queue-time", "queue_time"), o.attribute("op-digest"),
          o.attribute("op-force-restart"), o.attribute("op-restart-digest"),
          o.attribute("op-secure-params"), o.attribute("op-secure-digest"),
          o.attribute("migrate_source"), o.attribute("migrate_target"), o));
    }
    return new LrmResource(req(r, "id", p), r.attribute("type"), r.attribute("class"),
        r.attribute("provider"), r.attribute("container"), r.attribute("shutdown-lock"), ops, r);
  }

  private static Acls acls(CibElement a, String p) {
    List<AclTarget> targets = new ArrayList<>();
    List<AclTarget> groups = new ArrayList<>();
    List<AclRole> roles = new ArrayList<>();
    for (CibElement c : a.elements()) {
      String cp = p + step(c);
      switch (c.name()) {
        case "acl_target", "acl_group" -> {
          List<String> rs = new ArrayList<>();
          for (CibElement r : c.elements("role")) {
            rs.add(req(r, "id", cp + step(r)));
          }
          AclTarget t = new AclTarget(req(c, "id", cp), c.name().equals("acl_group"),
              c.attribute("name"), rs, c);
          (t.group() ? groups : targets).add(t);
        }
        case "acl_role" -> {
          List<AclPermission> perms = new ArrayList<>();
          for (CibElement pe : c.elements("acl_permission")) {
            String pp = cp + step(pe);
            perms.add(new AclPermission(req(pe, "id", pp), req(pe, "kind", pp), pe.attribute("xpath"),
                pe.attribute("reference"), pe.attribute("object-type"), pe.attribute("attribute"),
                pe.attribute("description"), pe));
          }
          roles.add(new AclRole(req(c, "id", cp), c.attribute("description"), perms, c));
        }
        default -> {
          // pre-2.0 acl_user / role_ref stay in the element
        }
      }
    }
    return new Acls(targets, groups, roles, a);
  }

  /**
   * Reads one resource element.
   *
   * @param r the element
   * @param p its path
   * @return the resource, or null if the element is no resource
   */
  public static Resource resource(CibElement r, String p) {
    return switch (r.name()) {
      case "primitive" -> primitive(r, p);
      case "group" -> {
        List<Primitive> members = new ArrayList<>();
        for (CibElement m : r.elements("primitive")) {
          members.add(primitive(m, p + step(m)));
        }
        yield new Group(req(r, "id", p), r.attribute("description"), sets(r, "meta_attributes", p),
            sets(r, "instance_attributes", p), members, r);
      }
      case "clone", "master" -> {
        Resource child = null;
        for (CibElement c : r.elements()) {
          if (c.name().equals("primitive") || c.name().equals("group")) {
            child = resource(c, p + step(c));
            break;
          }
        }
        if (child == null) {
          throw new CibParseException(p, r.line(), "<" + r.name() + "> has no primitive or group");
        }
        yield new Clone(req(r, "id", p), r.name().equals("master"), r.attribute("description"),
            sets(r, "meta_attributes", p), sets(r, "instance_attributes", p), child, r);
      }
      case "bundle" -> {
        CibElement container = null;
        for (CibElement c : r.elements()) {
          if (c.name().equals("docker") || c.name().equals("rkt") || c.name().equals("podman")) {
            container = c;
            break;
          }
        }
        Optional<CibElement> network = r.firstElement("network");
        List<CibElement> ports = network.map(n -> n.elements("port-mapping")).orElse(List.of());
        List<CibElement> storage = r.firstElement("storage").map(s -> s.elements("storage-mapping"))
            .orElse(List.of());
        Optional<Primitive> prim = r.firstElement("primitive").map(x -> primitive(x, p + step(x)));
        yield new Bundle(req(r, "id", p), r.attribute("description"),
            Optional.ofNullable(container).map(CibElement::name),
            container == null ? Map.of() : container.attributes(), network, ports, storage, prim,
            sets(r, "meta_attributes", p), r);
      }
      default -> null;
    };
  }

  private static Primitive primitive(CibElement r, String p) {
    Optional<CibElement> ops = r.firstElement("operations");
    return new Primitive(req(r, "id", p), r.attribute("class"), r.attribute("provider"),
        r.attribute("type"), r.attribute("template"), r.attribute("description"),
        sets(r, "meta_attributes", p), sets(r, "instance_attributes", p), sets(r, "utilization", p),
        operations(ops, p), ops.flatMap(o -> o.attribute("id-ref")), r);
  }

  private static ResourceTemplate template(CibElement r, String p) {
    Optional<CibElement> ops = r.firstElement("operations");
    return new ResourceTemplate(req(r, "id", p), r.attribute("class"), r.attribute("provider"),
        r.attribute("type"), r.attribute("description"), sets(r, "meta_attributes", p),
        sets(r, "instance_attributes", p), sets(r, "utilization", p), operations(ops, p),
        ops.flatMap(o -> o.attribute("id-ref")), r);
  }

  private static List<Operation> operations(Optional<CibElement> ops, String p) {
    if (ops.isEmpty()) {
      return List.of();
    }
    String op = p + step(ops.get());
    List<Operation> out = new ArrayList<>();
    for (CibElement o : ops.get().elements("op")) {
      String pp = op + step(o);
      out.add(new Operation(o.attribute("id"), o.attribute("id-ref"), o.attribute("name", ""),
          o.attribute("interval", "0"), o.attribute("timeout"), o.attribute("role"),
          o.attribute("on-fail"), o.attribute("requires"), o.attribute("enabled"),
          o.attribute("record-pending"), o.attribute("start-delay"), o.attribute("interval-origin"),
          o.attribute("description"), sets(o, "meta_attributes", pp),
          sets(o, "instance_attributes", pp), o));
    }
    return out;
  }

  /**
   * Reads one constraint element.
   *
   * @param c the element
   * @param p its path
   * @return the constraint, or null if the element is none
   */
  public static Constraint constraint(CibElement c, String p) {
    return switch (c.name()) {
      case "rsc_location" -> {
        List<Rule> rules = new ArrayList<>();
        for (CibElement r : c.elements("rule")) {
          rules.add(rule(r, p + step(r)));
        }
        yield new LocationConstraint(req(c, "id", p), c.attribute("rsc"), c.attribute("rsc-pattern"),
            c.attribute("role"), c.attribute("score"), c.attribute("node"),
            c.attribute("resource-discovery"), rules, resourceSets(c, p), c);
      }
      case "rsc_colocation" -> new ColocationConstraint(req(c, "id", p), c.attribute("score"),
          c.attribute("rsc"), c.attribute("with-rsc"), c.attribute("rsc-role"),
          c.attribute("with-rsc-role"), c.attribute("node-attribute"), c.attribute("influence"),
          c.attribute("rsc-instance"), c.attribute("with-rsc-instance"), resourceSets(c, p), c);
      case "rsc_order" -> new OrderConstraint(req(c, "id", p), c.attribute("first"),
          c.attribute("then"), c.attribute("first-action"), c.attribute("then-action"),
          c.attribute("kind"), c.attribute("score"), c.attribute("symmetrical"),
          c.attribute("require-all"), c.attribute("first-instance"), c.attribute("then-instance"),
          resourceSets(c, p), c);
      case "rsc_ticket" -> new TicketConstraint(req(c, "id", p), c.attribute("ticket", ""),
          c.attribute("rsc"), c.attribute("rsc-role"), c.attribute("loss-policy"),
          resourceSets(c, p), c);
      default -> null;
    };
  }

  private static List<ResourceSet> resourceSets(CibElement c, String p) {
    List<ResourceSet> out = new ArrayList<>();
    for (CibElement s : c.elements("resource_set")) {
      String sp = p + step(s);
      List<String> refs = new ArrayList<>();
      for (CibElement r : s.elements("resource_ref")) {
        refs.add(req(r, "id", sp + step(r)));
      }
      out.add(new ResourceSet(s.attribute("id"), s.attribute("id-ref"), s.attribute("sequential"),
          s.attribute("require-all"), s.attribute("ordering"), s.attribute("action"),
          s.attribute("role"), s.attribute("score"), s.attribute("kind"), refs, s));
    }
    return out;
  }

  /**
   * Reads a rule.
   *
   * @param r the {@code rule} element
   * @param p its path
   * @return the rule
   */
  public static Rule rule(CibElement r, String p) {
    List<Expression> exprs = new ArrayList<>();
    for (CibElement e : r.elements()) {
      String ep = p + step(e);
      switch (e.name()) {
        case "rule" -> exprs.add(rule(e, ep));
        case "expression" -> exprs.add(new AttributeExpression(e.attribute("id"),
            e.attribute("attribute", ""), e.attribute("operation", ""), e.attribute("value"),
            e.attribute("type"), e.attribute("value-source"), e));
        case "date_expression" -> {
          Optional<DateSpec> spec = e.firstElement("date_spec").map(ModelReader::dateSpec);
          Optional<DateDuration> dur = e.firstElement("duration").map(d -> duration(d, ep + step(d)));
          exprs.add(new DateExpression(e.attribute("id"), e.attribute("operation", "in_range"),
              e.attribute("start"), e.attribute("end"), spec, dur, e));
        }
        case "rsc_expression" -> exprs.add(new RscExpression(e.attribute("id"), e.attribute("class"),
            e.attribute("provider"), e.attribute("type"), e));
        case "op_expression" -> exprs.add(new OpExpression(e.attribute("id"), e.attribute("name", ""),
            e.attribute("interval"), e));
        default -> {
          // unknown expressions are kept in the element; Pacemaker ignores them too
        }
      }
    }
    return new Rule(r.attribute("id"), r.attribute("id-ref"), r.attribute("score"),
        r.attribute("score-attribute"), r.attribute("boolean-op", "and"), r.attribute("role"), exprs, r);
  }

  private static DateSpec dateSpec(CibElement d) {
    return new DateSpec(d.attribute("id"), d.attribute("years"), d.attribute("months"),
        d.attribute("monthdays"), d.attribute("hours"), d.attribute("minutes"), d.attribute("seconds"),
        d.attribute("yeardays"), d.attribute("weekyears"), d.attribute("weeks"), d.attribute("weekdays"),
        d.attribute("moon"), d);
  }

  private static DateDuration duration(CibElement d, String p) {
    return new DateDuration(d.attribute("id"), lng(d, "years", p), lng(d, "months", p),
        lng(d, "weeks", p), lng(d, "days", p), lng(d, "hours", p), lng(d, "minutes", p),
        lng(d, "seconds", p), d);
  }

  /**
   * The sets named {@code kind} directly under the element (or under its {@code wrapper} child).
   */
  private static List<NvSet> sets(CibElement parent, String wrapper, String kind, String p) {
    Optional<CibElement> w = parent.firstElement(wrapper);
    if (w.isEmpty()) {
      return List.of();
    }
    return sets(w.get(), kind, p + step(w.get()));
  }

  /**
   * Reads the sets of one kind under an element.
   *
   * @param parent the element
   * @param kind the set element name
   * @param p the parent's path
   * @return the sets, in order
   */
  public static List<NvSet> sets(CibElement parent, String kind, String p) {
    List<NvSet> out = null;
    for (CibElement s : parent.children()) {
      if (s.name().equals(kind) && !s.isComment()) {
        if (out == null) {
          out = new ArrayList<>(2);
        }
        out.add(nvset(s, p + step(s)));
      }
    }
    return out == null ? List.of() : out;
  }

  private static List<NvSet> setsAny(CibElement parent, String p) {
    List<NvSet> out = new ArrayList<>();
    for (CibElement s : parent.elements()) {
      out.add(nvset(s, p + step(s)));
    }
    return out;
  }

  /**
   * Reads one nvpair set.
   *
   * @param s the set element
   * @param p its path
   * @return the set
   */
  public static NvSet nvset(CibElement s, String p) {
    List<Rule> rules = List.of();
    List<NvPair> pairs = new ArrayList<>();
    for (CibElement c : s.children()) {
      if (c.name().equals("nvpair")) {
        pairs.add(new NvPair(c.attribute("id"), c.attribute("id-ref"), c.attribute("name", ""),
            c.attribute("value"), c));
      } else if (c.name().equals("rule")) {
        if (rules.isEmpty()) {
          rules = new ArrayList<>(1);
        }
        rules.add(rule(c, p + step(c)));
      }
    }
    return new NvSet(s.name(), s.attribute("id"), s.attribute("id-ref"), s.attribute("score"),
        rules, pairs, s);
  }

  /**
   * One step of an element path: {@code /name[@id='x']}.
   *
   * @param e the element
   * @return the step
   */
  public static String step(CibElement e) {
    String id = e.attributeOrNull("id");
    return id == null ? "/" + e.name() : "/" + e.name() + "[@id='" + id + "']";
  }

  private static String req(CibElement e, String attr, String p) {
    String v = e.attributeOrNull(attr);
    if (v == null) {
      throw new CibParseException(p, e.line(), "<" + e.name() + "> has no '" + attr + "' attribute");
    }
    return v;
  }

  private static int integer(CibElement e, String attr, String p, int fallback) {
    String v = e.attributeOrNull(attr);
    if (v == null) {
      return fallback;
    }
    try {
      return Integer.parseInt(v.trim());
    } catch (NumberFormatException ex) {
      throw new CibParseException(p, e.line(), "attribute '" + attr + "' is '" + v
          + "', not an integer");
    }
  }

  private static long lng(CibElement e, String attr, String p) {
    String v = e.attributeOrNull(attr);
    if (v == null) {
      return 0;
    }
    try {
      return Long.parseLong(v.trim());
    } catch (NumberFormatException ex) {
      throw new CibParseException(p, e.line(), "attribute '" + attr + "' is '" + v + "', not an integer");
    }
  }

  private static OptionalLong longOf(CibElement e, String p, String attr, String oldAttr) {
    String v = e.attributeOrNull(attr);
    String used = attr;
    if (v == null) {
      v = e.attributeOrNull(oldAttr);
      used = oldAttr;
    }
    if (v == null) {
      return OptionalLong.empty();
    }
    try {
      return OptionalLong.of(Long.parseLong(v.trim()));
    } catch (NumberFormatException ex) {
      throw new CibParseException(p, e.line(), "attribute '" + used + "' is '" + v
          + "', not an integer");
    }
  }
}
