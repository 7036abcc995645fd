# Odoo 19 with the after-sales addons and their OCA dependencies.
FROM odoo:19.0

USER root
COPY requirements.txt /tmp/aftersales-requirements.txt
# OCA wheels install into Odoo's namespace package (odoo/addons/...).
RUN pip3 install --no-cache-dir --break-system-packages \
        -r /tmp/aftersales-requirements.txt \
    && rm /tmp/aftersales-requirements.txt
COPY addons /mnt/extra-addons
COPY odoo.conf /etc/odoo/odoo.conf
USER odoo
