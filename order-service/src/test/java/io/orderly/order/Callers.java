package io.orderly.order;

import io.orderly.testsupport.TestTokens;
import org.springframework.http.HttpHeaders;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/** The callers of the web tests: tokens from the test JVM's stand-in auth-service, and the properties that trust it. */
public final class Callers {

    public static final TestTokens TOKENS = TestTokens.shared();

    private Callers() {}

    /** Points the service under test at the stand-in: its JWK set, its issuer, its token endpoint. */
    public static void trustTestTokens(DynamicPropertyRegistry registry) {
        TOKENS.properties().forEach((name, value) -> registry.add(name, () -> value));
    }

    /** The request with this bearer token. */
    public static MockHttpServletRequestBuilder bearer(MockHttpServletRequestBuilder request, String token) {
        return request.header(HttpHeaders.AUTHORIZATION, "Bearer " + token);
    }

    public static MockHttpServletRequestBuilder asCustomer(MockHttpServletRequestBuilder request, String customerId) {
        return bearer(request, TOKENS.customer(customerId));
    }

    public static MockHttpServletRequestBuilder asAdmin(MockHttpServletRequestBuilder request) {
        return bearer(request, TOKENS.admin());
    }
}
