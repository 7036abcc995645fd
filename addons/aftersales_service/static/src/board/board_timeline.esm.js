/**
 * The Technician Board: web_timeline's view whose drag does not write.
 *
 * web_timeline writes the dates and the row field of a moved bar directly.
 * Here the bar goes back at once and the visit's Reschedule wizard opens,
 * prefilled with the new time and technician: it asks the reason, and the
 * server checks who is free and certified there before anything changes.
 * Beside the timeline, the requests nobody is sent to yet, by deadline.
 */
import {Component, onMounted, onWillStart, useState} from "@odoo/owl";
import {TimelineController} from "@web_timeline/views/timeline/timeline_controller.esm";
import {TimelineModel} from "@web_timeline/views/timeline/timeline_model.esm";
import {TimelineRenderer} from "@web_timeline/views/timeline/timeline_renderer.esm";
import {TimelineView} from "@web_timeline/views/timeline/timeline_view.esm";
import {_t} from "@web/core/l10n/translation";
import {registry} from "@web/core/registry";
import {useService} from "@web/core/utils/hooks";

const {DateTime} = luxon;

export class AftersalesUnassignedPanel extends Component {
    static template = "aftersales_service.BoardUnassignedPanel";
    static props = {};

    setup() {
        this.orm = useService("orm");
        this.action = useService("action");
        this.state = useState({tickets: []});
        onWillStart(() => this.load());
    }

    async load() {
        this.state.tickets = await this.orm.call(
            "aftersales.visit",
            "aftersales_board_unassigned",
            []
        );
    }

    async dispatch(ticket) {
        const action = await this.orm.call(
            "helpdesk.ticket",
            "action_aftersales_dispatch",
            [[ticket.id]]
        );
        // An action returned by a method (not a button): name its view.
        await this.action.doAction(
            {views: [[false, "form"]], ...action},
            {onClose: () => this.load()}
        );
    }

    open(ticket) {
        this.action.doAction({
            type: "ir.actions.act_window",
            res_model: "helpdesk.ticket",
            res_id: ticket.id,
            views: [[false, "form"]],
        });
    }
}

export class AftersalesBoardController extends TimelineController {
    static template = "aftersales_service.BoardTimelineView";
    static components = {
        ...TimelineController.components,
        AftersalesUnassignedPanel,
    };

    setup() {
        super.setup();
        this.notification = useService("notification");
        this.orm = useService("orm");
        // The same move as a drop, for keyboard tools and the board's tours
        // (detail: the item as vis-timeline hands it to onMove).
        onMounted(() => {
            this.rootRef.el.addEventListener("aftersales-board-move", (ev) =>
                this._onMove(ev.detail, () => undefined)
            );
        });
    }

    /**
     * A drag: put the bar back, then let Reschedule decide.
     *
     * @override
     */
    _onMove(item, callback) {
        callback(null);
        if (item.group === -1 || !item.group) {
            this.notification.add(
                _t("A visit needs a lead technician: drop it on a technician's row."),
                {type: "warning"}
            );
            return;
        }
        const start = DateTime.fromJSDate(item.start);
        const end = item.end ? DateTime.fromJSDate(item.end) : start.plus({hours: 1});
        this.openMove(item.id, start, end, item.group);
    }

    async openMove(visitId, start, end, userId) {
        const action = await this.orm.call("aftersales.visit", "action_board_move", [
            [visitId],
            this.model.serializeDate("planned_start", start),
            this.model.serializeDate("planned_end", end),
            userId,
        ]);
        await this.actionService.doAction(action, {
            onClose: async () => {
                await this.model.load(this.getSearchProps());
                this.render(true);
            },
        });
    }
}

/**
 * web_timeline asks ``check_access_rights`` (deprecated since Odoo 18, it
 * logs a warning on every call): ask ``has_access``, its replacement.
 */
export class AftersalesBoardModel extends TimelineModel {
    setup(params) {
        const orm = this.orm;
        this.orm = Object.assign(Object.create(orm), {
            call: (model, method, args = [], kwargs = {}) =>
                method === "check_access_rights"
                    ? orm.call(model, "has_access", [[], args[0]], kwargs)
                    : orm.call(model, method, args, kwargs),
        });
        super.setup(params);
    }
}

/**
 * vis-timeline writes its axis in English whatever the user's language
 * ("Mon 30", "December 2026") and carries no Chinese locale: label the axis
 * through luxon, which the web client sets to the user's language
 * (e.g. "30日周一", "2026年12月").
 */
const AXIS_MINOR = {
    millisecond: DateTime.TIME_24_WITH_SECONDS,
    second: DateTime.TIME_24_WITH_SECONDS,
    minute: DateTime.TIME_24_SIMPLE,
    hour: DateTime.TIME_24_SIMPLE,
    weekday: {weekday: "short", day: "numeric"},
    day: {day: "numeric"},
    week: {day: "numeric"},
    month: {month: "short"},
    year: {year: "numeric"},
};
const AXIS_MAJOR = {
    millisecond: DateTime.DATETIME_MED,
    second: DateTime.DATETIME_MED,
    minute: {year: "numeric", month: "long", day: "numeric", weekday: "short"},
    hour: {year: "numeric", month: "long", day: "numeric", weekday: "short"},
    weekday: {year: "numeric", month: "long"},
    day: {year: "numeric", month: "long"},
    week: {year: "numeric", month: "long"},
    month: {year: "numeric"},
};

function axisLabel(date, format) {
    if (!format) {
        return "";
    }
    const jsDate = date instanceof Date ? date : date.toDate();
    return DateTime.fromJSDate(jsDate).toLocaleString(format);
}

export class AftersalesBoardRenderer extends TimelineRenderer {
    init_timeline() {
        this.options.format = {
            minorLabels: (date, scale) => axisLabel(date, AXIS_MINOR[scale]),
            majorLabels: (date, scale) => axisLabel(date, AXIS_MAJOR[scale]),
        };
        super.init_timeline();
    }
}

export const AftersalesBoardTimelineView = {
    ...TimelineView,
    Controller: AftersalesBoardController,
    Model: AftersalesBoardModel,
    Renderer: AftersalesBoardRenderer,
};

registry.category("views").add("aftersales_board_timeline", AftersalesBoardTimelineView);
