package io.deletiongateway.referencebackends;

import java.util.List;

/** An Atlas organization and the projects (groups) it still contains. */
public record AtlasOrganization(String id, String name, List<String> projectIds) {
}
