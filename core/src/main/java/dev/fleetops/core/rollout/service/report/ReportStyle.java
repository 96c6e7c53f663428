package dev.fleetops.core.rollout.service.report;

import dev.fleetops.core.rollout.ExecutionState;
import java.util.List;
import java.util.Locale;

/** Colours, labels and the stylesheet of the report page. Colours pass WCAG AA against their text colour. */
final class ReportStyle {
    private ReportStyle() {}

    /** Bar order: finished first (good, then bad), then pending, then the ones that say nothing. */
    static final List<ExecutionState> BAR_ORDER = List.of(
            ExecutionState.SUCCEEDED,
            ExecutionState.FAILED,
            ExecutionState.TIMED_OUT,
            ExecutionState.REJECTED,
            ExecutionState.IN_PROGRESS,
            ExecutionState.QUEUED,
            ExecutionState.CANCELED,
            ExecutionState.REMOVED);

    static final String SUCCESS = "#1a7f37";
    static final String FAILURE = "#cf222e";

    static String key(ExecutionState s) {
        return s.name().toLowerCase(Locale.ROOT);
    }

    static String label(ExecutionState s) {
        return key(s).replace('_', ' ');
    }

    /** A camelCase wire name in words: {@code pendingApproval} → "pending approval". */
    static String words(String wire) {
        return wire.replaceAll("([a-z])([A-Z])", "$1 $2").toLowerCase(Locale.ROOT);
    }

    static String fill(ExecutionState s) {
        return switch (s) {
            case SUCCEEDED -> SUCCESS;
            case FAILED -> FAILURE;
            case TIMED_OUT -> "#bc4c00";
            case REJECTED -> "#8250df";
            case IN_PROGRESS -> "#0969da";
            case QUEUED -> "#d0d7de";
            case CANCELED -> "#6e7781";
            case REMOVED -> "#a4acb5";
        };
    }

    static String ink(ExecutionState s) {
        return s == ExecutionState.QUEUED || s == ExecutionState.REMOVED ? "#1f2328" : "#ffffff";
    }

    static String css() {
        StringBuilder b = new StringBuilder("""
                *{box-sizing:border-box}
                body{margin:0;background:#f6f8fa;color:#1f2328;font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
                main{max-width:1000px;margin:0 auto;padding:24px 20px 40px}
                .card{background:#fff;border:1px solid #d0d7de;border-radius:10px;padding:18px 22px;margin:0 0 18px}
                .eyebrow{color:#59636e;font-size:13px;text-transform:uppercase;letter-spacing:.06em;margin:0}
                h1{font-size:26px;margin:4px 0 6px;display:flex;align-items:center;gap:12px;flex-wrap:wrap;overflow-wrap:anywhere}
                h2{font-size:18px;margin:0 0 12px}
                .meta{color:#59636e;margin:0 0 10px;font-size:14px;overflow-wrap:anywhere}
                .badge{font-size:13px;font-weight:600;padding:3px 10px;border-radius:999px;text-transform:uppercase;letter-spacing:.04em;border:1px solid}
                .st-running,.st-scheduled,.st-resolving{background:#ddf4ff;color:#0550ae;border-color:#54aeff}
                .st-paused{background:#fff8c5;color:#7d4e00;border-color:#d4a72c}
                .st-completed{background:#dafbe1;color:#116329;border-color:#4ac26b}
                .st-completedWithFailures{background:#fff1e5;color:#953800;border-color:#fb8f44}
                .st-aborted{background:#ffebe9;color:#a40e26;border-color:#ff8182}
                .st-canceled,.st-rejected{background:#eaeef2;color:#424a53;border-color:#afb8c1}
                .st-pendingApproval{background:#fbefff;color:#6e40c9;border-color:#c297ff}
                .approval{background:#fbefff;border-left:4px solid #8250df;padding:8px 12px;margin:8px 0 12px;border-radius:4px;overflow-wrap:anywhere}
                .reason{background:#fff8c5;border-left:4px solid #d4a72c;padding:8px 12px;margin:8px 0 12px;border-radius:4px;overflow-wrap:anywhere}
                .st-aborted-reason{background:#ffebe9;border-left-color:#cf222e}
                .tiles{display:flex;flex-wrap:wrap;gap:10px;margin:12px 0 0;padding:0}
                .tile{border:1px solid #d0d7de;border-radius:8px;padding:6px 12px;min-width:96px;border-top:4px solid #8c959f}
                .tile dt{font-size:12px;color:#59636e;text-transform:uppercase;letter-spacing:.04em}
                .tile dd{margin:0;font-size:22px;font-weight:650;font-variant-numeric:tabular-nums}
                .progress-line{margin:12px 0 0;color:#424a53}
                .legend{display:flex;flex-wrap:wrap;gap:6px 16px;margin:0 0 14px;font-size:13px;color:#424a53;padding:0;list-style:none}
                .sw{display:inline-block;width:12px;height:12px;border-radius:3px;margin-right:6px;vertical-align:-1px}
                .wave{margin:0 0 16px}
                .wave-head{display:flex;justify-content:space-between;gap:12px;font-size:14px;margin:0 0 4px}
                .wave-name{font-weight:650}
                .wave-sub{color:#59636e}
                .bar{display:flex;height:30px;border-radius:6px;overflow:hidden;background:#f6f8fa;border:1px solid #d0d7de}
                .bar.empty{align-items:center;justify-content:center;color:#59636e;font-size:13px}
                .seg{flex:none;height:100%;display:flex;align-items:center;justify-content:center;font-size:13px;font-weight:600;overflow:hidden;white-space:nowrap;border-right:1px solid rgba(255,255,255,.6)}
                .seg:last-child{border-right:0}
                .wave-nums{display:flex;flex-wrap:wrap;gap:2px 14px;font-size:13px;color:#424a53;margin:4px 0 0;font-variant-numeric:tabular-nums}
                .chart{width:100%;height:auto;display:block}
                .chart text{font-size:12px;fill:#59636e}
                .chart .axis{stroke:#8c959f;stroke-width:1}
                .chart .grid{stroke:#eaeef2;stroke-width:1}
                .chart .series{fill:none;stroke-width:2.5}
                .chart .threshold{stroke:#a40e26;stroke-width:2;stroke-dasharray:7 5}
                .chart text.tlabel{fill:#a40e26;font-weight:600}
                .chart text.vlabel{font-weight:650}
                .empty-note{color:#59636e;font-style:italic;margin:4px 0 0}
                table{width:100%;border-collapse:collapse;font-size:14px}
                th{text-align:left;font-size:12px;text-transform:uppercase;letter-spacing:.04em;color:#59636e;border-bottom:2px solid #d0d7de;padding:6px 8px}
                td{border-bottom:1px solid #eaeef2;padding:7px 8px;vertical-align:top;overflow-wrap:anywhere}
                td.num,th.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
                td code{background:#f6f8fa;border:1px solid #d0d7de;border-radius:4px;padding:1px 5px;font-size:13px}
                td a{color:#0550ae}
                #failed-devices th:first-child{width:24%}
                #more-failed a{color:#0550ae;font-weight:600}
                .share{display:inline-block;height:8px;border-radius:4px;background:#cf222e;vertical-align:middle;margin-left:8px}
                td.when{white-space:nowrap;color:#424a53;font-variant-numeric:tabular-nums}
                footer{color:#59636e;font-size:13px;text-align:center}
                """);
        for (ExecutionState s : ExecutionState.values()) {
            b.append(".s-")
                    .append(key(s))
                    .append("{background:")
                    .append(fill(s))
                    .append(";color:")
                    .append(ink(s))
                    .append("}\n");
            b.append(".t-")
                    .append(key(s))
                    .append("{border-top-color:")
                    .append(fill(s))
                    .append("}\n");
        }
        return b.toString();
    }
}
