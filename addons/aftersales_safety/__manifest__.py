# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "After-Sales Safety",
    "summary": "Certificates, pre-job checks and lockout/tagout for service jobs",
    "version": "19.0.1.0.0",
    "category": "Services/After-Sales",
    "website": "https://github.com/aftersales-service/aftersales",
    "author": "Aftersales Service Team",
    "license": "AGPL-3",
    "depends": ["aftersales_service", "hr"],
    "data": [
        "security/aftersales_safety_security.xml",
        "views/aftersales_safety_menus.xml",
    ],
}
