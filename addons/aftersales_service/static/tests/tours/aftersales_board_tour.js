import { registry } from "@web/core/registry";
import { rpc } from "@web/core/network/rpc";

const { DateTime } = luxon;

/**
 * Move "Board job" to Tech Wu's row at ``hour`` UTC today, as
 * the timeline's drag hands it over (the bar, its new dates and its row).
 */
async function moveBoardJob(hour) {
    const call = (model, method, args, kwargs = {}) =>
        rpc(`/web/dataset/call_kw/${model}/${method}`, { model, method, args, kwargs });
    const [visit] = await call("aftersales.visit", "search_read", [
        [["ticket_id.name", "=", "Board job"]],
        ["id"],
    ]);
    const [user] = await call("res.users", "search_read", [
        [["name", "=", "Tech Wu"]],
        ["id"],
    ]);
    const start = DateTime.utc()
        .startOf("hour")
        .set({ hour });
    // Bubbles up to the board's controller, as the drop would reach it.
    document.querySelector(".o_aftersales_board").dispatchEvent(
        new CustomEvent("aftersales-board-move", {
            bubbles: true,
            detail: {
                id: visit.id,
                start: start.toJSDate(),
                end: start.plus({ hours: 2 }).toJSDate(),
                group: user.id,
            },
        })
    );
}

const boardSteps = [
    {
        content: "The board shows the technicians' visits as bars",
        trigger: ".o_aftersales_board .vis-item:contains('Board job')",
    },
    {
        content: "Beside it, the requests nobody is sent to yet",
        trigger: ".o_aftersales_board_unassigned h5",
    },
];

registry.category("web_tour.tours").add("aftersales_board_move_accepted_tour", {
    steps: () => [
        ...boardSteps,
        {
            content: "Drop Board job on Tech Wu's row at 15:00, after Wu's job",
            trigger: ".o_aftersales_board .vis-item:contains('Board job')",
            run: () => moveBoardJob(15),
        },
        {
            content: "Reschedule opens with the new time and asks the reason",
            trigger: ".modal .o_field_widget[name='reason'] input",
            run: "edit Board tour: customer asked",
        },
        {
            content: "Confirm",
            trigger: ".modal button[name='action_apply']",
            run: "click",
        },
        {
            content: "The wizard closed and the board is back",
            trigger: "body:not(:has(.modal)) .o_aftersales_board .vis-item:contains('Board job')",
        },
    ],
});

registry.category("web_tour.tours").add("aftersales_board_move_refused_tour", {
    steps: () => [
        ...boardSteps,
        {
            content: "Drop Board job on Tech Wu's row at the time of Wu's job",
            trigger: ".o_aftersales_board .vis-item:contains('Board job')",
            run: () => moveBoardJob(13),
        },
        {
            content: "Give a reason",
            trigger: ".modal .o_field_widget[name='reason'] input",
            run: "edit Swap them",
        },
        {
            content: "Confirm",
            trigger: ".modal button[name='action_apply']",
            run: "click",
        },
        {
            content: "Refused: Tech Wu is already on a visit then",
            trigger: ".modal-body:contains('cannot be moved there'):contains('Already on visit')",
        },
        {
            content: "Close the message",
            trigger: ".modal:has(.modal-body:contains('cannot be moved there')) .modal-footer .btn-primary",
            run: "click",
        },
        {
            content: "Discard the move",
            trigger: ".modal-footer button:contains('Discard')",
            run: "click",
        },
        {
            content: "Nothing moved",
            trigger: "body:not(:has(.modal)) .o_aftersales_board .vis-item:contains('Board job')",
        },
    ],
});
