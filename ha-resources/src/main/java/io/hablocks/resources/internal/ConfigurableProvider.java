package io.hablocks.resources.internal;

import io.hablocks.api.resource.ResourceAgentProvider;

/** A built-in agent class that can be rebuilt with other {@link Settings}. */
public interface ConfigurableProvider extends ResourceAgentProvider {

  /**
   * @param settings the settings
   * @return a provider of the same class using them
   */
  ResourceAgentProvider with(Settings settings);
}
