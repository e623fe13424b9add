package io.orderly.order.participant;

import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.http.converter.FormHttpMessageConverter;
import org.springframework.security.oauth2.client.AuthorizedClientServiceOAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.ClientCredentialsOAuth2AuthorizedClientProvider;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientService;
import org.springframework.security.oauth2.client.endpoint.RestClientClientCredentialsTokenResponseClient;
import org.springframework.security.oauth2.client.http.OAuth2ErrorResponseErrorHandler;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.web.client.OAuth2ClientHttpRequestInterceptor;
import org.springframework.security.oauth2.core.http.converter.OAuth2AccessTokenResponseHttpMessageConverter;
import org.springframework.web.client.RestClient;

/**
 * order-service's own token for the participant calls: a client credentials token from auth-service
 * (registration {@value #REGISTRATION_ID}), fetched on the first call and kept in the authorized
 * client service until it is about to expire, whatever thread calls (a request's, or a recovery
 * worker's, which has no web request). A participant's 401 drops the kept token, so that the next
 * attempt fetches a new one.
 */
final class ServiceTokens {

    static final String REGISTRATION_ID = "orderly";

    private ServiceTokens() {}

    /** The manager, whose token request has the participants' connect and read timeouts. */
    static OAuth2AuthorizedClientManager manager(
            ClientRegistrationRepository registrations,
            OAuth2AuthorizedClientService clients,
            ParticipantProperties properties) {
        JdkClientHttpRequestFactory requestFactory = properties.requestFactory();
        // As Spring Security's default token client builds its RestClient, with timeouts: an
        // auth-service that stops answering fails the call instead of holding its thread.
        RestClient rest = RestClient.builder()
                .requestFactory(requestFactory)
                .configureMessageConverters(converters -> converters
                        .addCustomConverter(new FormHttpMessageConverter())
                        .addCustomConverter(new OAuth2AccessTokenResponseHttpMessageConverter()))
                .defaultStatusHandler(new OAuth2ErrorResponseErrorHandler())
                .build();
        RestClientClientCredentialsTokenResponseClient tokens = new RestClientClientCredentialsTokenResponseClient();
        tokens.setRestClient(rest);
        // Renews a token 60 s before it expires (the provider's default clock skew).
        ClientCredentialsOAuth2AuthorizedClientProvider provider =
                new ClientCredentialsOAuth2AuthorizedClientProvider();
        provider.setAccessTokenResponseClient(tokens);
        AuthorizedClientServiceOAuth2AuthorizedClientManager manager =
                new AuthorizedClientServiceOAuth2AuthorizedClientManager(registrations, clients);
        manager.setAuthorizedClientProvider(provider);
        return manager;
    }

    /** The interceptor that puts the service token on a participant request. */
    static OAuth2ClientHttpRequestInterceptor interceptor(
            OAuth2AuthorizedClientManager manager, OAuth2AuthorizedClientService clients) {
        OAuth2ClientHttpRequestInterceptor interceptor = new OAuth2ClientHttpRequestInterceptor(manager);
        interceptor.setClientRegistrationIdResolver(request -> REGISTRATION_ID);
        // The token is order-service's, not the customer's whose request may be running: with no
        // principal the interceptor uses one anonymous principal, so one token serves every call.
        interceptor.setPrincipalResolver(request -> null);
        interceptor.setAuthorizationFailureHandler(
                OAuth2ClientHttpRequestInterceptor.authorizationFailureHandler(clients));
        return interceptor;
    }
}
