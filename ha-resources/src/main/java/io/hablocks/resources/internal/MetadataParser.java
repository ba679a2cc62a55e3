package io.hablocks.resources.internal;

import io.hablocks.api.resource.AgentAction;
import io.hablocks.api.resource.AgentMetadata;
import io.hablocks.api.resource.AgentParameter;
import io.hablocks.resources.ResourceException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * Parses OCF {@code <resource-agent>} meta-data into ha-api's model. Hardened: a DOCTYPE is
 * accepted but never loaded, entity declarations are refused, no external entities, no XInclude, size bounded. Errors name the agent, the line and the element.
 */
public final class MetadataParser {

  /** The largest meta-data accepted. */
  public static final int MAX_BYTES = 1 << 20;

  private MetadataParser() {}

  /**
   * Parses meta-data.
   *
   * @param source where it came from, for messages (such as {@code ocf:heartbeat:Dummy})
   * @param xml the meta-data text
   * @return the model
   * @throws ResourceException naming the source, line or element, and the reason
   */
  public static AgentMetadata parse(String source, String xml) {
    byte[] bytes = xml.getBytes(StandardCharsets.UTF_8);
    if (bytes.length > MAX_BYTES) {
      throw new ResourceException(source + ": meta-data is " + bytes.length
          + " bytes, more than the " + MAX_BYTES + " accepted");
    }
    int entity = xml.indexOf("<!ENTITY");
    if (entity >= 0) {
      throw new ResourceException(source + ": meta-data line "
          + (xml.substring(0, entity).chars().filter(c -> c == '\n').count() + 1)
          + ": entity declarations are not accepted");
    }
    Document doc;
    try {
      DocumentBuilder db = factory().newDocumentBuilder();
      db.setErrorHandler(null);
      doc = db.parse(new ByteArrayInputStream(bytes));
    } catch (SAXParseException e) {
      throw new ResourceException(source + ": meta-data line " + e.getLineNumber() + ": "
          + e.getMessage(), e);
    } catch (SAXException | IOException | ParserConfigurationException e) {
      throw new ResourceException(source + ": meta-data unreadable: " + e.getMessage(), e);
    }
    Element root = doc.getDocumentElement();
    if (!root.getTagName().equals("resource-agent")) {
      throw new ResourceException(source + ": meta-data root is <" + root.getTagName()
          + ">, not <resource-agent>");
    }
    String name = root.getAttribute("name");
    String version = root.getAttribute("version");
    Element v = child(root, "version");
    if (version.isEmpty() && v != null) {
      version = v.getTextContent().strip();
    }
    List<AgentParameter> params = new ArrayList<>();
    Element ps = child(root, "parameters");
    if (ps != null) {
      int i = 0;
      for (Element p : children(ps, "parameter")) {
        i++;
        String path = "/resource-agent/parameters/parameter[" + i + "]";
        String pname = p.getAttribute("name");
        if (pname.isEmpty()) {
          throw new ResourceException(source + ": " + path + " has no name");
        }
        Element content = child(p, "content");
        String type = content == null ? "string" : attr(content, "type", "string");
        String def = content == null || !content.hasAttribute("default") ? null
            : content.getAttribute("default");
        params.add(new AgentParameter(pname, type, def, bool(p, "required"), bool(p, "unique"),
            bool(p, "reloadable"), text(child(p, "shortdesc"))));
      }
    }
    List<AgentAction> actions = new ArrayList<>();
    Element as = child(root, "actions");
    if (as != null) {
      int i = 0;
      for (Element a : children(as, "action")) {
        i++;
        String path = "/resource-agent/actions/action[" + i + "]";
        String aname = a.getAttribute("name");
        if (aname.isEmpty()) {
          throw new ResourceException(source + ": " + path + " has no name");
        }
        Duration timeout = time(source, path, a, "timeout");
        Duration interval = time(source, path, a, "interval");
        String role = a.hasAttribute("role") ? a.getAttribute("role") : null;
        int depth = 0;
        if (a.hasAttribute("depth") && !a.getAttribute("depth").isBlank()) {
          try {
            depth = Integer.parseInt(a.getAttribute("depth").strip());
          } catch (NumberFormatException e) {
            throw new ResourceException(source + ": " + path + "/@depth '"
                + a.getAttribute("depth") + "' is not a number");
          }
        }
        actions.add(new AgentAction(aname, timeout, interval, role, depth));
      }
    }
    return new AgentMetadata(name.isEmpty() ? source : name, version,
        text(child(root, "shortdesc")), text(child(root, "longdesc")), params, actions);
  }

  private static DocumentBuilderFactory factory() throws ParserConfigurationException {
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    // Agents declare <!DOCTYPE resource-agent SYSTEM "ra-api-1.dtd">: allowed, never loaded;
    // entity declarations are refused before parsing.
    f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
    f.setFeature("http://xml.org/sax/features/external-general-entities", false);
    f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
    f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
    f.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
    f.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
    f.setXIncludeAware(false);
    f.setExpandEntityReferences(false);
    f.setNamespaceAware(false);
    return f;
  }

  private static Duration time(String source, String path, Element e, String attribute) {
    if (!e.hasAttribute(attribute) || e.getAttribute(attribute).isBlank()) {
      return attribute.equals("interval") ? Duration.ZERO : null;
    }
    try {
      return Durations.parse(e.getAttribute(attribute));
    } catch (IllegalArgumentException ex) {
      throw new ResourceException(source + ": " + path + "/@" + attribute + ": "
          + ex.getMessage());
    }
  }

  private static boolean bool(Element e, String attribute) {
    String v = e.getAttribute(attribute).strip().toLowerCase(java.util.Locale.ROOT);
    return v.equals("1") || v.equals("true") || v.equals("yes") || v.equals("on");
  }

  private static String attr(Element e, String name, String def) {
    return e.hasAttribute(name) ? e.getAttribute(name) : def;
  }

  private static String text(Element e) {
    return e == null ? "" : e.getTextContent().strip();
  }

  private static Element child(Element parent, String tag) {
    for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element el && el.getTagName().equals(tag)) {
        return el;
      }
    }
    return null;
  }

  private static List<Element> children(Element parent, String tag) {
    List<Element> out = new ArrayList<>();
    for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element el && el.getTagName().equals(tag)) {
        out.add(el);
      }
    }
    return out;
  }
}
