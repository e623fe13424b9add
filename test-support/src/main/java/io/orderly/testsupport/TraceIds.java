package io.orderly.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Pattern;

/**
 * Every problem detail names its own request's trace ({@code "traceId":"<32 hex digits>"}): two
 * answers that must be the same bytes (another customer's resource answered exactly like a missing
 * one) are the same apart from that member.
 */
public final class TraceIds {

    private static final Pattern MEMBER = Pattern.compile("\"traceId\":\"[0-9a-f]{32}\"");

    private TraceIds() {}

    /** The body with its trace id member replaced by a fixed one; fails if it has none. */
    public static String masked(String problemJson) {
        assertThat(problemJson).as("a problem names its trace").containsPattern(MEMBER);
        return MEMBER.matcher(problemJson).replaceAll("\"traceId\":\"T\"");
    }
}
