package io.orderly.order.participant;

import io.orderly.testsupport.TestTokens;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpRequest;
import org.springframework.http.client.ClientHttpRequestExecution;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.http.client.ClientHttpResponse;
import org.springframework.security.oauth2.client.InMemoryOAuth2AuthorizedClientService;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.InMemoryClientRegistrationRepository;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.web.client.RestClient;

/**
 * The client tests' service tokens: the participant client's RestClient gets order-service's
 * token interceptor, fetching from the stand-in auth-service, and behind it this check, which
 * validates every request's bearer token as a participant does (signature against the JWK set,
 * issuer, expiry, the path's scope) and records what it refused.
 */
final class ServiceTokenCheck implements ClientHttpRequestInterceptor {

    static final TestTokens TOKENS = TestTokens.shared();

    final InMemoryOAuth2AuthorizedClientService clients;
    final OAuth2AuthorizedClientManager manager;
    private final String scope;
    private final NimbusJwtDecoder decoder;
    private final List<String> refused = new CopyOnWriteArrayList<>();
    private final List<String> accepted = new CopyOnWriteArrayList<>();

    ServiceTokenCheck(String scope) {
        this(scope, TOKENS.properties().get("spring.security.oauth2.client.provider.orderly.token-uri"));
    }

    ServiceTokenCheck(String scope, String tokenUri) {
        this.scope = scope;
        ClientRegistration registration = ClientRegistration.withRegistrationId(ServiceTokens.REGISTRATION_ID)
                .clientId("order-service")
                .clientSecret(TestTokens.ORDER_SERVICE_SECRET)
                .authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
                .scope(TestTokens.ORDER_SERVICE_SCOPES)
                .tokenUri(tokenUri)
                .build();
        InMemoryClientRegistrationRepository registrations = new InMemoryClientRegistrationRepository(registration);
        this.clients = new InMemoryOAuth2AuthorizedClientService(registrations);
        this.manager = ServiceTokens.manager(
                registrations,
                clients,
                new ParticipantProperties(
                        URI.create("http://inventory-service"),
                        URI.create("http://payment-service"),
                        Duration.ofSeconds(1),
                        Duration.ofSeconds(2)));
        this.decoder = NimbusJwtDecoder.withJwkSetUri(
                        TOKENS.properties().get("spring.security.oauth2.resourceserver.jwt.jwk-set-uri"))
                .build();
        decoder.setJwtValidator(JwtValidators.createDefaultWithIssuer(TestTokens.ISSUER));
    }

    /** The builder with order-service's token interceptor, then this check. */
    RestClient.Builder builder(String baseUrl) {
        return RestClient.builder()
                .baseUrl(baseUrl)
                .requestInterceptor(ServiceTokens.interceptor(manager, clients))
                .requestInterceptor(this);
    }

    @Override
    public ClientHttpResponse intercept(HttpRequest request, byte[] body, ClientHttpRequestExecution execution)
            throws IOException {
        String authorization = request.getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
        String call = request.getMethod() + " " + request.getURI().getPath();
        if (authorization == null || !authorization.startsWith("Bearer ")) {
            refused.add(call + ": no bearer token");
        } else {
            try {
                Jwt jwt = decoder.decode(authorization.substring("Bearer ".length()));
                if (List.of(jwt.getClaimAsString("scope").split(" ")).contains(scope)
                        && "order-service".equals(jwt.getSubject())) {
                    accepted.add(call);
                } else {
                    refused.add(call + ": scope " + jwt.getClaimAsString("scope") + ", subject " + jwt.getSubject());
                }
            } catch (JwtException e) {
                refused.add(call + ": " + e.getMessage());
            }
        }
        return execution.execute(request, body);
    }

    List<String> refused() {
        return List.copyOf(refused);
    }

    List<String> accepted() {
        return List.copyOf(accepted);
    }
}
