package dev.fleetops.functions.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.azure.functions.annotation.AuthorizationLevel;
import dev.fleetops.core.identity.AccessRule;
import dev.fleetops.core.identity.AccessRules;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The route policy of core ({@link AccessRules}) against the functions this app really has: every function has a
 * rule, timers are the NoHttp ones, and only anonymous functions have the Anonymous rule. A function added or renamed
 * without updating the table fails here (and is refused at run time).
 */
class AccessRulesCoverageTest {
    /** Declared in the table ahead of their functions (issue 13, approval flow). */
    private static final Set<String> ROUTES_TO_COME = Set.of("ApproveOperation", "RejectOperation");

    @Test
    void everyFunctionHasAPolicyRuleOfItsKind() {
        Map<String, FunctionCatalog.Function> functions = FunctionCatalog.all();
        assertTrue(functions.size() >= 19, "found only " + functions.keySet());
        List<String> problems = new ArrayList<>();
        for (FunctionCatalog.Function f : functions.values()) {
            AccessRule rule = AccessRules.BY_FUNCTION.get(f.name());
            if (rule == null) {
                problems.add(f.name() + ": no rule in core AccessRules");
            } else if (f.timer() != (rule instanceof AccessRule.NoHttp)) {
                problems.add(f.name() + ": timer=" + f.timer() + " but rule " + rule);
            } else if (!f.timer()
                    && (f.authLevel() == AuthorizationLevel.ANONYMOUS) != (rule instanceof AccessRule.Anonymous)) {
                problems.add(f.name() + ": authLevel " + f.authLevel() + " but rule " + rule);
            }
        }
        assertEquals(List.of(), problems);
        Set<String> stale = new TreeSet<>(AccessRules.BY_FUNCTION.keySet());
        stale.removeAll(functions.keySet());
        stale.removeAll(ROUTES_TO_COME);
        assertEquals(Set.of(), stale, "rules for functions the app does not have");
    }
}
