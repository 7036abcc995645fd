import { registry } from "@web/core/registry";

// The customer's portal, by selectors only (the same steps run in zh_CN):
// My Units, a unit's page, "Report a problem" from it, the request page
// with its visit and signed report, the rating button, a complaint.
registry.category("web_tour.tours").add("aftersales_portal_units", {
    url: "/my/units",
    steps: () => [
        {
            content: "My Units lists the customer's unit",
            trigger: "a.o_aftersales_unit_link:contains('AC-0001')",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The unit page shows the warranty in words",
            trigger: "#aftersales_unit_warranty .o_aftersales_in_warranty",
        },
        {
            content: "The service history lists the request",
            trigger: "#aftersales_unit_history a",
        },
        {
            content: "Report a problem on this unit",
            trigger: "a.o_aftersales_report_problem",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The unit is chosen",
            trigger: "select#lot_id:has(option:selected:contains('AC-0001'))",
        },
        {
            content: "Describe the fault",
            trigger: "textarea#description",
            run: "edit Water drips from the indoor unit",
        },
        {
            content: "Send the request",
            trigger: "button.o_aftersales_request_submit",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The request page names the unit",
            trigger: "#aftersales_unit a:contains('AC-0001')",
        },
        {
            content: "Open the complaint form",
            trigger: "a.o_aftersales_complain",
            run: "click",
        },
        {
            content: "Write the complaint",
            trigger: "textarea#complaint",
            run: "edit Nobody called me back",
        },
        {
            content: "Send the complaint",
            trigger: "button.o_aftersales_complaint_send",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The complaint's own request page",
            trigger: "#aftersales_unit a:contains('AC-0001')",
        },
    ],
});

registry.category("web_tour.tours").add("aftersales_portal_follow", {
    url: "/my/units",
    steps: () => [
        {
            content: "Open the unit",
            trigger: "a.o_aftersales_unit_link:contains('AC-0001')",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "Open the request from the history",
            trigger: "#aftersales_unit_history a",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The visit shows the technician",
            trigger: ".o_aftersales_visit .o_portal_contact_details:contains('Tech Li')",
        },
        {
            content: "The signed report can be downloaded",
            trigger: "a.o_aftersales_report_download",
        },
        {
            // The questionnaire is survey's own page (checked in Python).
            content: "The service can be rated",
            trigger: "button.o_aftersales_rate",
        },
    ],
});
