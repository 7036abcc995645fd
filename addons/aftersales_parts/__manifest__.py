# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "After-Sales Spare Parts",
    "summary": "Spare parts for service jobs: vans, old-for-new, loaners, A/B/C",
    "version": "19.0.1.0.0",
    "category": "Services/After-Sales",
    "website": "https://github.com/aftersales-service/aftersales",
    "author": "Aftersales Service Team",
    "license": "AGPL-3",
    "depends": ["aftersales_service", "stock"],
    "data": [
        "views/aftersales_parts_menus.xml",
    ],
}
