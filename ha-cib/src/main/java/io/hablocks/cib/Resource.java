package io.hablocks.cib;

import java.util.List;
import java.util.Optional;

/**
 * A resource of the {@code resources} section: a {@link Primitive}, a {@link Group}, a
 * {@link Clone} (including promotable ones and the deprecated {@code master}) or a
 * {@link Bundle}. Test with {@code instanceof} for the four records to handle each kind.
 */
public sealed interface Resource permits Primitive, Group, Clone, Bundle {

  /** @return the resource id */
  String id();

  /** @return the {@code description} attribute */
  Optional<String> description();

  /** @return the {@code meta_attributes} sets in document order */
  List<NvSet> metaAttributes();

  /** @return the XML element the resource was read from */
  CibElement element();
}
