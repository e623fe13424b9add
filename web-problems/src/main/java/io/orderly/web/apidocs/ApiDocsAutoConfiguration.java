package io.orderly.web.apidocs;

import io.orderly.problem.ProblemTypes;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.servers.Server;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpStatus;

/**
 * The OpenAPI document of an Orderly MVC service ({@code /v3/api-docs}, springdoc), in the form the
 * gateway's Swagger UI shows them side by side: served through the gateway (server {@code /}), a
 * bearer JWT from auth-service as the security scheme, and the RFC 9457 problem detail as the body
 * of every error an operation can answer. springdoc describes the operations from the controllers;
 * which errors every operation shares (a token refused, a rate limit, a database or participant
 * gone) it cannot know, so they are added here, each with the {@code Problem} schema, unless the
 * operation already names that status. An operation marked {@code @SecurityRequirements} (empty) is
 * public: no 401 or 403 for it.
 */
@AutoConfiguration
@ConditionalOnClass(OpenApiCustomizer.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
public class ApiDocsAutoConfiguration {

    /** The name of the bearer-token security scheme. */
    public static final String BEARER = "bearer";

    /** The name of the problem-detail schema. */
    public static final String PROBLEM = "Problem";

    static final String PROBLEM_JSON = "application/problem+json";

    @Bean
    @ConditionalOnMissingBean(OpenAPI.class)
    OpenAPI orderlyOpenApi(Environment environment) {
        String name = environment.getProperty("spring.application.name", "service");
        return new OpenAPI()
                .info(new Info()
                        .title("Orderly " + name)
                        .version("1")
                        .description("The " + name + " API of Orderly (DESIGN.md). Public paths are under /api,"
                                + " through the gateway; every error is an RFC 9457 problem detail"
                                + " (application/problem+json) whose type is " + ProblemTypes.BASE
                                + " followed by a slug."))
                .servers(List.of(new Server()
                        .url("/")
                        .description("the gateway (the only public entry; participant paths are not routed)")))
                .components(new Components()
                        .addSecuritySchemes(
                                BEARER,
                                new SecurityScheme()
                                        .type(SecurityScheme.Type.HTTP)
                                        .scheme("bearer")
                                        .bearerFormat("JWT")
                                        .description("An access token from auth-service (authorization code with"
                                                + " PKCE for users, client credentials for order-service);"
                                                + " `./orderly token USER` prints one.")))
                .addSecurityItem(new SecurityRequirement().addList(BEARER));
    }

    @Bean
    OpenApiCustomizer problemResponses() {
        return ApiDocsAutoConfiguration::addProblemResponses;
    }

    /** RFC 9457's members, and Orderly's extensions ({@code traceId}; {@code errors} of a validation problem). */
    static Schema<?> problemSchema() {
        return new ObjectSchema()
                .description("RFC 9457 problem detail. Further members may appear.")
                .addProperty(
                        "type",
                        new StringSchema()
                                .format("uri")
                                .description("What kind of problem: " + ProblemTypes.BASE + "<slug>")
                                .example(ProblemTypes.BASE + "service-unavailable"))
                .addProperty("title", new StringSchema().description("A short summary of the problem type"))
                .addProperty("status", new IntegerSchema().description("The HTTP status code"))
                .addProperty("detail", new StringSchema().description("What happened, for this occurrence"))
                .addProperty(
                        "instance", new StringSchema().format("uri-reference").description("The request path"))
                .addProperty(
                        ProblemTypes.TRACE_ID,
                        new StringSchema()
                                .pattern("^[0-9a-f]{32}$")
                                .description("The request's trace: look it up in Zipkin, or in the services' logs"))
                .addProperty(
                        "errors",
                        new ArraySchema()
                                .description("The offending fields of a validation-failed problem")
                                .items(new ObjectSchema()
                                        .addProperty("field", new StringSchema())
                                        .addProperty("message", new StringSchema())))
                .additionalProperties(true);
    }

    /**
     * Adds the problem responses and the {@code Problem} schema (springdoc builds the schemas after
     * the {@link OpenAPI} bean, so the schema is added here), drops the schema springdoc derives from
     * Spring's {@code ProblemDetail} class (its {@code properties} map is not what goes on the wire),
     * and leaves out {@code /error} and the health paths, which are not the API.
     */
    static void addProblemResponses(OpenAPI api) {
        if (api.getComponents() == null) {
            api.setComponents(new Components());
        }
        api.getComponents().addSchemas(PROBLEM, problemSchema());
        if (api.getComponents().getSchemas() != null) {
            api.getComponents().getSchemas().remove("ProblemDetail");
        }
        if (api.getPaths() == null) {
            return;
        }
        api.getPaths().keySet().removeIf(path -> path.equals("/error") || path.startsWith("/actuator"));
        List<SecurityRequirement> global = api.getSecurity();
        api.getPaths().forEach((path, item) -> {
            for (Map.Entry<PathItem.HttpMethod, Operation> entry :
                    item.readOperationsMap().entrySet()) {
                Operation operation = entry.getValue();
                List<SecurityRequirement> security = operation.getSecurity() != null ? operation.getSecurity() : global;
                boolean secured = security != null && !security.isEmpty();
                boolean hasInput = operation.getRequestBody() != null
                        || (operation.getParameters() != null
                                && !operation.getParameters().isEmpty());
                List<HttpStatus> statuses = new ArrayList<>();
                if (hasInput) {
                    statuses.add(HttpStatus.BAD_REQUEST);
                }
                if (secured) {
                    statuses.add(HttpStatus.UNAUTHORIZED);
                    statuses.add(HttpStatus.FORBIDDEN);
                }
                if (path.contains("{")) {
                    statuses.add(HttpStatus.NOT_FOUND);
                }
                if (operation.getRequestBody() != null) {
                    statuses.add(HttpStatus.CONTENT_TOO_LARGE);
                }
                statuses.add(HttpStatus.TOO_MANY_REQUESTS);
                statuses.add(HttpStatus.SERVICE_UNAVAILABLE);
                if (operation.getResponses() == null) {
                    operation.setResponses(new ApiResponses());
                }
                for (HttpStatus status : statuses) {
                    operation.getResponses().computeIfAbsent(Integer.toString(status.value()), code -> problem(status));
                }
                // An error response springdoc found (an @ExceptionHandler's) gets the problem body too.
                operation.getResponses().forEach((code, response) -> {
                    if (code.startsWith("4") || code.startsWith("5")) {
                        response.setContent(problemContent());
                    }
                });
            }
        });
    }

    private static ApiResponse problem(HttpStatus status) {
        String description = switch (status) {
            case BAD_REQUEST -> "The request is malformed or invalid (validation-failed lists the fields)";
            case UNAUTHORIZED -> "No valid access token (with WWW-Authenticate: Bearer)";
            case FORBIDDEN -> "The token does not allow this";
            case NOT_FOUND -> "Nothing of that id that the caller may see";
            case CONTENT_TOO_LARGE -> "The request body is over the limit";
            case TOO_MANY_REQUESTS -> "The caller's rate limit is spent (with Retry-After)";
            case SERVICE_UNAVAILABLE ->
                "A database or a participant is unavailable for now; safe to retry after Retry-After";
            default -> ProblemTypes.titleFor(status);
        };
        return new ApiResponse().description(description).content(problemContent());
    }

    private static Content problemContent() {
        return new Content()
                .addMediaType(
                        PROBLEM_JSON, new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + PROBLEM)));
    }
}
