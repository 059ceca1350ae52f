package cn.foshan.redline.security;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The OpenAPI description's title and its security: reads of maps and figures are public; writes,
 * change sets and {@code /api/me} need a login (HTTP Basic or an API token for API clients), which
 * the description marks on exactly those operations, as {@link SecurityConfiguration} enforces
 * them.
 */
@Configuration(proxyBeanMethods = false)
class ApiDocumentation {

  private static final String BASIC = "basicAuth";

  private static final String TOKEN = "apiToken";

  @Bean
  OpenAPI openApi() {
    return new OpenAPI()
        .info(
            new Info()
                .title("佛山市工业用地一张图 · Foshan industrial land (redline)")
                .version("0.1.0")
                .description(
                    "Red line, clusters, reserve land, village parks, parcels: maps, quota,"
                        + " editing through change sets (preview, commit, review, history)."
                        + " Areas are ellipsoidal (CGCS2000); errors are RFC 9457 problem details.")
                .license(new License().name("Proprietary: Foshan land bureau")))
        .components(
            new Components()
                .addSecuritySchemes(
                    BASIC,
                    new SecurityScheme()
                        .type(SecurityScheme.Type.HTTP)
                        .scheme("basic")
                        .description(
                            "A user of the system (see the README for the demo accounts);"
                                + " the right password is remembered for up to 5 minutes, so"
                                + " repeated requests do not pay for bcrypt each time"))
                .addSecuritySchemes(
                    TOKEN,
                    new SecurityScheme()
                        .type(SecurityScheme.Type.HTTP)
                        .scheme("bearer")
                        .description(
                            "An API token (rlt_…), made with POST /api/me/tokens and shown once;"
                                + " it acts with its owner's role and district until revoked or"
                                + " expired")));
  }

  /** Marks the operations that need a login, following the rules of SecurityConfiguration. */
  @Bean
  OpenApiCustomizer loginRequired() {
    return api ->
        api.getPaths()
            .forEach(
                (path, item) ->
                    item.readOperationsMap()
                        .forEach(
                            (method, operation) -> {
                              boolean read =
                                  method == io.swagger.v3.oas.models.PathItem.HttpMethod.GET;
                              if (!read
                                  || path.startsWith("/api/me")
                                  || path.startsWith("/api/admin")
                                  || path.startsWith("/api/change-sets")) {
                                // either one (OpenAPI: a list of requirements is an or)
                                operation.addSecurityItem(new SecurityRequirement().addList(BASIC));
                                operation.addSecurityItem(new SecurityRequirement().addList(TOKEN));
                              }
                            }));
  }
}
