package io.entitynotifier.connect.common.tenant;

import java.util.Locale;
import java.util.Map;

import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigValue;

import io.entitynotifier.connect.common.config.CommonSourceConfig;
import io.entitynotifier.connect.common.throttle.ThrottleConfig;

/**
 * What the {@link OperatorPolicy} refuses in a tenant's config: a throttle-group budget above the operator's, and a
 * {@code tenant.priority} above the group's {@code max.priority}. Both are checked at validate and again at task start
 * (a config written without validate, or a policy file changed later, fails the task with the validate message); the
 * operator's budget is also what a task enforces whatever the member's config says.
 */
public final class OperatorPolicyChecks {

    private OperatorPolicyChecks() {}

    /** Adds the policy's refusals to the offending keys. */
    public static void validate(Map<String, String> props, Map<String, ConfigValue> values) {
        OperatorPolicy policy;
        try {
            policy = OperatorPolicy.current();
        } catch (IllegalStateException e) {
            CommonSourceConfig.addError(values, TenantConfig.TENANT_ID_CONFIG, e.getMessage());
            return;
        }
        String group = props.getOrDefault(ThrottleConfig.GROUP_CONFIG, "").trim();
        if (policy.none() || group.isEmpty()) {
            return;
        }
        String budgetError = budgetError(policy, group, props.get(ThrottleConfig.GROUP_MAX_EVENTS_CONFIG));
        if (budgetError != null) {
            CommonSourceConfig.addError(values, ThrottleConfig.GROUP_MAX_EVENTS_CONFIG, budgetError);
        }
        String claimed = props.getOrDefault(TenantConfig.TENANT_PRIORITY_CONFIG, "normal");
        try {
            String priorityError = priorityError(policy, group, TenantConfig.Priority.parse(claimed));
            if (priorityError != null) {
                CommonSourceConfig.addError(values, TenantConfig.TENANT_PRIORITY_CONFIG, priorityError);
            }
        } catch (IllegalArgumentException e) {
            // not a priority: the ConfigDef's validator reports it
        }
    }

    /**
     * The task-start check: a member whose budget is above the operator's group budget, or claiming more than the
     * group's {@code max.priority}, does not start.
     *
     * @throws ConfigException naming {@code throttle.group.max.events.per.second} or {@code tenant.priority}
     * @throws IllegalStateException when the policy file cannot be read
     */
    public static void checkAtStart(AbstractConfig c) {
        OperatorPolicy policy = OperatorPolicy.current();
        if (policy.none() || !c.values().containsKey(ThrottleConfig.GROUP_CONFIG)) {
            return;
        }
        String group = ThrottleConfig.group(c);
        if (group.isEmpty()) {
            return;
        }
        if (c.values().containsKey(ThrottleConfig.GROUP_MAX_EVENTS_CONFIG)) {
            Object original = c.originals().get(ThrottleConfig.GROUP_MAX_EVENTS_CONFIG);
            String member =
                    original != null ? String.valueOf(original) : String.valueOf(ThrottleConfig.groupMaxEvents(c));
            String budgetError = budgetError(policy, group, member);
            if (budgetError != null) {
                throw new ConfigException(ThrottleConfig.GROUP_MAX_EVENTS_CONFIG, member.trim(), budgetError);
            }
        }
        TenantConfig.Priority claimed = TenantConfig.priority(c);
        String error = priorityError(policy, group, claimed);
        if (error != null) {
            throw new ConfigException(
                    TenantConfig.TENANT_PRIORITY_CONFIG, claimed.name().toLowerCase(Locale.ROOT), error);
        }
    }

    /** The budget a member of {@code group} enforces: the operator's when set, else the member's own. */
    public static double groupBudget(OperatorPolicy policy, String group, double memberBudget) {
        double operator = policy.groupBudget(group);
        return operator > 0 ? operator : memberBudget;
    }

    static String budgetError(OperatorPolicy policy, String group, String memberValue) {
        double operator = policy.groupBudget(group);
        if (operator <= 0 || memberValue == null || memberValue.isBlank()) {
            return null;
        }
        double member;
        try {
            member = Double.parseDouble(memberValue.trim());
        } catch (NumberFormatException e) {
            return null; // the ConfigDef reports it
        }
        if (member <= operator) {
            return null;
        }
        return ThrottleConfig.GROUP_MAX_EVENTS_CONFIG + "=" + memberValue.trim() + " is above the budget the "
                + "operator set for throttle group '" + group + "' (" + operator + " events/s, "
                + OperatorPolicy.GROUP_PREFIX + group + OperatorPolicy.MAX_EVENTS_SUFFIX + " in the worker's "
                + "operator policy): a member cannot raise its group's budget. Leave it at 0 (the operator's budget "
                + "applies) or set at most " + operator + ".";
    }

    static String priorityError(OperatorPolicy policy, String group, TenantConfig.Priority claimed) {
        TenantConfig.Priority max = policy.groupMaxPriority(group);
        if (max == null || claimed.weight() <= max.weight()) {
            return null;
        }
        return TenantConfig.TENANT_PRIORITY_CONFIG + "=" + claimed.name().toLowerCase(Locale.ROOT)
                + " is above the highest "
                + "priority the operator allows in throttle group '" + group + "' ("
                + max.name().toLowerCase(Locale.ROOT) + ", " + OperatorPolicy.GROUP_PREFIX + group
                + OperatorPolicy.MAX_PRIORITY_SUFFIX + " in the worker's operator policy)";
    }
}
