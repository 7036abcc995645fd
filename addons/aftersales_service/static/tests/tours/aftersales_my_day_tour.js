import { registry } from "@web/core/registry";

// The technician's day on a phone: My Day, one big button per step, the
// report on the form, then the customer's signature.
registry.category("web_tour.tours").add("aftersales_my_day_tour", {
    steps: () => [
        {
            content: "My Day shows today's visit with its map and phone links",
            trigger: ".o_aftersales_my_day .o_kanban_record a[href^='https://uri.amap.com/search?keyword=']",
        },
        {
            content: "The card fits the phone: no horizontal scrolling",
            trigger: ".o_aftersales_my_day .o_kanban_record a[href^='tel:']",
            run() {
                const root = document.documentElement;
                if (root.scrollWidth > window.innerWidth) {
                    throw new Error(
                        `My Day is ${root.scrollWidth}px wide on a ${window.innerWidth}px screen`
                    );
                }
            },
        },
        {
            content: "Depart",
            trigger: ".o_aftersales_my_day .o_kanban_record button[name='action_depart']",
            run: "click",
        },
        {
            content: "Check in on site",
            trigger: ".o_aftersales_my_day .o_kanban_record button[name='action_check_in']",
            run: "click",
        },
        {
            content: "Start work",
            trigger: ".o_aftersales_my_day .o_kanban_record button[name='action_start_work']",
            run: "click",
        },
        {
            content: "Open the report",
            trigger: ".o_aftersales_my_day .o_kanban_record button[name='action_aftersales_open_report']",
            run: "click",
        },
        {
            content: "Write what was done",
            trigger: ".o_form_view div[name='work_done'] .odoo-editor-editable",
            run: "editor Replaced the fan capacitor.",
        },
        {
            content: "The test run passed",
            trigger: ".o_form_view div[name='test_result'] input[data-value='passed']",
            run: "click",
        },
        {
            content: "Finish work (saves the report, checks out)",
            trigger: ".o_aftersales_step_buttons button[name='action_done']",
            run: "click",
        },
        {
            content: "The customer signs",
            trigger: ".o_aftersales_step_buttons button[name='action_open_sign']",
            run: "click",
        },
        {
            content: "The signature dialog is open",
            trigger: ".modal div[name='signature']",
        },
    ],
});
