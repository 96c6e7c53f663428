package dev.fleetops.core.rollout.service;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.fleetops.core.rollout.GateVerdict;
import dev.fleetops.core.rollout.GateVerdict.Decision;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Only a clear pass opens a wave and only a clear fail pauses; everything else from a gate is wait. */
class GateAnswerTest {
    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "200 | {\"decision\":\"pass\",\"reason\":\"ok\"}   | PASS",
                "200 | {\"decision\":\"PASS\"}                      | PASS",
                "200 | {\"decision\":\"fail\",\"reason\":\"bad\"}  | FAIL",
                "200 | {\"decision\":\"wait\"}                      | WAIT",
                "200 | {\"decision\":\"maybe\"}                     | WAIT",
                "200 | {\"decision\":true}                          | WAIT",
                "200 | [\"pass\"]                                   | WAIT",
                "200 | pass                                         | WAIT",
                "200 | {\"decision\":\"pass\"                       | WAIT",
                "204 | ''                                           | WAIT",
                "500 | {\"decision\":\"pass\"}                      | WAIT",
                "302 | {\"decision\":\"pass\"}                      | WAIT",
            })
    void readsTheDecision(int status, String body, Decision expected) {
        assertEquals(expected, GateAnswer.read(status, body).decision());
    }

    @org.junit.jupiter.api.Test
    void aHugeAnswerIsWaitAndAReasonIsBoundedAndOnOneLine() {
        String huge = "{\"decision\":\"pass\",\"reason\":\"" + "x".repeat(GateAnswer.MAX_BODY) + "\"}";
        assertEquals(Decision.WAIT, GateAnswer.read(200, huge).decision());
        GateVerdict v =
                GateAnswer.read(200, "{\"decision\":\"fail\",\"reason\":\"line1\\nline2" + "y".repeat(300) + "\"}");
        assertEquals(Decision.FAIL, v.decision());
        assertEquals(GateVerdict.MAX_REASON + 1, v.reason().length());
        assertEquals("line1 line2", v.reason().substring(0, 11));
    }
}
