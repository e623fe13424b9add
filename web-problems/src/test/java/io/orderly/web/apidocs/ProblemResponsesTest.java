package io.orderly.web.apidocs;

import static org.assertj.core.api.Assertions.assertThat;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.Paths;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.parameters.PathParameter;
import io.swagger.v3.oas.models.parameters.RequestBody;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProblemResponsesTest {

    private static OpenAPI api(Operation create, Operation read) {
        return new OpenAPI()
                .addSecurityItem(new SecurityRequirement().addList(ApiDocsAutoConfiguration.BEARER))
                .paths(new Paths()
                        .addPathItem("/api/things", new PathItem().post(create))
                        .addPathItem("/api/things/{id}", new PathItem().get(read)));
    }

    private static String problemRef(ApiResponse response) {
        return response.getContent()
                .get(ApiDocsAutoConfiguration.PROBLEM_JSON)
                .getSchema()
                .get$ref();
    }

    @Test
    void aSecuredOperationWithABodyDocumentsEveryProblemItCanAnswer() {
        Operation create = new Operation()
                .requestBody(new RequestBody())
                .responses(new ApiResponses().addApiResponse("201", new ApiResponse().description("created")));
        Operation read = new Operation().addParametersItem(new PathParameter().name("id"));
        ApiDocsAutoConfiguration.addProblemResponses(api(create, read));

        assertThat(create.getResponses()).containsOnlyKeys("201", "400", "401", "403", "413", "429", "503");
        assertThat(create.getResponses().get("201").getContent()).isNull();
        assertThat(create.getResponses().entrySet())
                .filteredOn(e -> !e.getKey().equals("201"))
                .allSatisfy(e -> assertThat(problemRef(e.getValue())).isEqualTo("#/components/schemas/Problem"));
        assertThat(read.getResponses()).containsOnlyKeys("400", "401", "403", "404", "429", "503");
    }

    @Test
    void theProblemSchemaReplacesSpringsProblemDetailClassAndTheHealthPathsAreNotTheApi() {
        OpenAPI api = api(new Operation(), new Operation());
        api.setComponents(new io.swagger.v3.oas.models.Components().addSchemas("ProblemDetail", new Schema<>()));
        api.getPaths().addPathItem("/error", new PathItem().get(new Operation()));
        api.getPaths().addPathItem("/actuator/health", new PathItem().get(new Operation()));
        ApiDocsAutoConfiguration.addProblemResponses(api);

        assertThat(api.getComponents().getSchemas()).containsOnlyKeys("Problem");
        assertThat(api.getComponents().getSchemas().get("Problem").getProperties())
                .containsKeys("type", "title", "status", "detail", "instance", "errors");
        assertThat(api.getPaths()).containsOnlyKeys("/api/things", "/api/things/{id}");
    }

    @Test
    void aPublicOperationHasNo401Or403() {
        Operation read = new Operation().security(List.of()).addParametersItem(new PathParameter().name("id"));
        ApiDocsAutoConfiguration.addProblemResponses(api(new Operation(), read));

        assertThat(read.getResponses()).containsOnlyKeys("400", "404", "429", "503");
    }

    @Test
    void anErrorResponseTheOperationNamesKeepsItsDescriptionAndGetsTheProblemBody() {
        Operation create = new Operation()
                .requestBody(new RequestBody())
                .responses(new ApiResponses()
                        .addApiResponse(
                                "409",
                                new ApiResponse()
                                        .description("the key is in use")
                                        .content(new Content()
                                                .addMediaType(
                                                        "*/*",
                                                        new MediaType().schema(new Schema<>().type("object"))))));
        ApiDocsAutoConfiguration.addProblemResponses(api(create, new Operation()));

        ApiResponse conflict = create.getResponses().get("409");
        assertThat(conflict.getDescription()).isEqualTo("the key is in use");
        assertThat(conflict.getContent()).containsOnlyKeys(ApiDocsAutoConfiguration.PROBLEM_JSON);
        assertThat(problemRef(conflict)).isEqualTo("#/components/schemas/Problem");
    }
}
