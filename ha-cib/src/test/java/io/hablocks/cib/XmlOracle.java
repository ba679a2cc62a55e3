package io.hablocks.cib;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;

/**
 * An independent XML comparison through the JDK's DOM parser (not our reader): two documents are
 * XML-equal when they have the same elements with the same attributes (any order) and the same
 * children in the same order, comments compared by text, whitespace-only text ignored.
 */
final class XmlOracle {

  private XmlOracle() {}

  static Document parse(byte[] xml) throws Exception {
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
    f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    f.setExpandEntityReferences(false);
    DocumentBuilder b = f.newDocumentBuilder();
    b.setErrorHandler(null);
    return b.parse(new ByteArrayInputStream(xml));
  }

  static Document parse(String xml) throws Exception {
    return parse(xml.getBytes(StandardCharsets.UTF_8));
  }

  /** @return null when equal, else the path of the first difference and what differs */
  static String difference(Document a, Document b) {
    return diff(a.getDocumentElement(), b.getDocumentElement(), "");
  }

  private static String diff(Node a, Node b, String path) {
    if (a.getNodeType() != b.getNodeType()) {
      return path + ": node types differ";
    }
    if (a.getNodeType() == Node.COMMENT_NODE) {
      return a.getNodeValue().equals(b.getNodeValue()) ? null : path + ": comments differ";
    }
    if (a.getNodeType() == Node.TEXT_NODE || a.getNodeType() == Node.CDATA_SECTION_NODE) {
      return a.getNodeValue().equals(b.getNodeValue()) ? null : path + ": text differs";
    }
    Element ea = (Element) a;
    Element eb = (Element) b;
    String p = path + "/" + ea.getTagName()
        + (ea.hasAttribute("id") ? "[@id='" + ea.getAttribute("id") + "']" : "");
    if (!ea.getTagName().equals(eb.getTagName())) {
      return p + ": names differ (" + eb.getTagName() + ")";
    }
    Map<String, String> aa = attrs(ea);
    Map<String, String> ab = attrs(eb);
    if (!aa.equals(ab)) {
      return p + ": attributes differ " + aa + " vs " + ab;
    }
    List<Node> ca = children(ea);
    List<Node> cb = children(eb);
    if (ca.size() != cb.size()) {
      return p + ": " + ca.size() + " children vs " + cb.size();
    }
    for (int i = 0; i < ca.size(); i++) {
      String d = diff(ca.get(i), cb.get(i), p);
      if (d != null) {
        return d;
      }
    }
    return null;
  }

  private static Map<String, String> attrs(Element e) {
    Map<String, String> m = new TreeMap<>();
    NamedNodeMap n = e.getAttributes();
    for (int i = 0; i < n.getLength(); i++) {
      m.put(n.item(i).getNodeName(), n.item(i).getNodeValue());
    }
    return m;
  }

  private static List<Node> children(Element e) {
    List<Node> out = new ArrayList<>();
    for (Node c = e.getFirstChild(); c != null; c = c.getNextSibling()) {
      if (c.getNodeType() == Node.TEXT_NODE && c.getNodeValue().isBlank()) {
        continue;
      }
      if (c.getNodeType() == Node.PROCESSING_INSTRUCTION_NODE) {
        continue;
      }
      out.add(c);
    }
    return out;
  }
}
