"""The column layouts of the CRMs teams move in from, in English and German.

Each layout maps a vendor's export column (folded: lower case, single spaces) to our field.
The column sets follow each vendor's own documentation, cited beside each map. The layout a
file uses is the one that recognises most of its header; `--from` narrows the choice.

Our fields: name (a company's, or a contact's whole name), first_name, last_name, company
(a contact's company), email, phone, mobile, street, zip, city, kind, tags, type
(company|contact, template only); any other mapped column lands in custom fields.
"""

from __future__ import annotations

from dataclasses import dataclass

VENDORS = ("hubspot", "pipedrive", "salesforce", "zoho", "template")


@dataclass(frozen=True)
class Layout:
    vendor: str
    record: str  # "company" | "contact" | "mixed" (the template's type column decides)
    columns: dict[str, str]


def key(column: str) -> str:
    return " ".join(column.replace("\ufeff", "").casefold().split())


# HubSpot: default contact properties ("HubSpot's default contact properties",
# https://knowledge.hubspot.com/properties/hubspots-default-contact-properties) and company
# properties (https://knowledge.hubspot.com/properties/hubspot-crm-default-company-properties);
# exports use the property labels, in the account's language (exports API `language`:
# https://developers.hubspot.com/docs/api/crm/exports).
HUBSPOT_CONTACTS = {
    "first name": "first_name", "last name": "last_name", "email": "email",
    "email address": "email", "phone number": "phone", "mobile phone number": "mobile",
    "company name": "company", "associated company": "company", "street address": "street",
    "postal code": "zip", "zip code": "zip", "city": "city", "lifecycle stage": "kind",
    "job title": "job_title",
    "vorname": "first_name", "nachname": "last_name", "e-mail": "email",
    "e-mail-adresse": "email", "telefonnummer": "phone", "mobiltelefonnummer": "mobile",
    "name des unternehmens": "company", "unternehmensname": "company", "adresse": "street",
    "postleitzahl": "zip", "stadt": "city", "lebenszyklusphase": "kind", "berufsbezeichnung": "job_title",
}  # fmt: skip
HUBSPOT_COMPANIES = {
    "company name": "name", "company domain name": "website", "phone number": "phone",
    "street address": "street", "postal code": "zip", "city": "city", "industry": "industry",
    "lifecycle stage": "kind",
    "name des unternehmens": "name", "unternehmensname": "name", "domainname des unternehmens": "website",
    "telefonnummer": "phone", "adresse": "street", "postleitzahl": "zip", "stadt": "city",
    "branche": "industry", "lebenszyklusphase": "kind",
}  # fmt: skip

# Pipedrive: spreadsheet exports prefix each field with its object ("Person - Name",
# "Organization - Name"; German "Organisation - Name"), see "Exporting data from Pipedrive"
# (https://support.pipedrive.com/en/article/how-can-i-export-my-data) and the Persons and
# Organizations fields (https://developers.pipedrive.com/docs/api/v1/Persons).
PIPEDRIVE_PEOPLE = {
    "person - name": "name", "person - first name": "first_name", "person - last name": "last_name",
    "person - email": "email", "person - email - work": "email", "person - phone": "phone",
    "person - phone - work": "phone", "person - phone - mobile": "mobile",
    "person - organization": "company", "organization - name": "company", "person - label": "tags",
    "person - vorname": "first_name", "person - nachname": "last_name", "person - e-mail": "email",
    "person - e-mail - arbeit": "email", "person - telefon": "phone", "person - telefon - arbeit": "phone",
    "person - telefon - mobil": "mobile", "person - organisation": "company",
    "organisation - name": "company", "person - kennzeichnung": "tags",
}  # fmt: skip
PIPEDRIVE_ORGANIZATIONS = {
    "organization - name": "name", "organization - address": "street",
    "organization - address - city/town/village/locality": "city",
    "organization - address - zip/postal code": "zip", "organization - label": "tags",
    "organisation - name": "name", "organisation - adresse": "street",
    "organisation - adresse - stadt/ort/gemeinde": "city", "organisation - adresse - postleitzahl": "zip",
    "organisation - label": "tags", "organisation - kennzeichnung": "tags",
}  # fmt: skip

# Salesforce: Data Export (Setup > Data Export) writes Account.csv and Contact.csv with API
# field names; report exports use the field labels. Contact and Account fields:
# https://developer.salesforce.com/docs/atlas.en-us.object_reference.meta/object_reference/sforce_api_objects_contact.htm
# https://developer.salesforce.com/docs/atlas.en-us.object_reference.meta/object_reference/sforce_api_objects_account.htm
SALESFORCE_CONTACTS = {
    "firstname": "first_name", "lastname": "last_name", "email": "email", "phone": "phone",
    "mobilephone": "mobile", "mailingstreet": "street", "mailingpostalcode": "zip",
    "mailingcity": "city", "account.name": "company", "accountname": "company", "title": "job_title",
    "first name": "first_name", "last name": "last_name", "mobile": "mobile",
    "mailing street": "street", "mailing zip/postal code": "zip", "mailing city": "city",
    "account name": "company",
    "vorname": "first_name", "nachname": "last_name", "e-mail": "email", "telefon": "phone",
    "mobiltelefon": "mobile", "postanschrift straße": "street", "postanschrift plz": "zip",
    "postanschrift ort": "city", "firma": "company",
}  # fmt: skip
SALESFORCE_ACCOUNTS = {
    "name": "name", "billingstreet": "street", "billingpostalcode": "zip", "billingcity": "city",
    "phone": "phone", "website": "website", "industry": "industry", "type": "kind",
    "account name": "name", "billing street": "street", "billing zip/postal code": "zip",
    "billing city": "city", "account type": "kind",
    "accountname": "name", "rechnungsanschrift straße": "street", "rechnungsanschrift plz": "zip",
    "rechnungsanschrift ort": "city", "telefon": "phone", "branche": "industry", "accounttyp": "kind",
}  # fmt: skip

# Zoho CRM: module field labels of Contacts and Accounts, English and German
# (https://www.zoho.com/crm/help/api/modules-fields.html,
# https://www.zoho.com/de/crm/help/api/modules-fields.html).
ZOHO_CONTACTS = {
    "first name": "first_name", "last name": "last_name", "email": "email", "phone": "phone",
    "mobile": "mobile", "account name": "company", "mailing street": "street",
    "mailing zip": "zip", "mailing city": "city", "title": "job_title", "contact owner": "owner",
    "vorname": "first_name", "nachname": "last_name", "e-mail": "email", "telefon": "phone",
    "mobil": "mobile", "accountname": "company", "postanschrift straße": "street",
    "postanschrift plz": "zip", "postanschrift ort": "city", "kontaktinhaber": "owner",
}  # fmt: skip
ZOHO_ACCOUNTS = {
    "account name": "name", "phone": "phone", "website": "website", "billing street": "street",
    "billing code": "zip", "billing city": "city", "industry": "industry", "account type": "kind",
    "accountname": "name", "telefon": "phone", "rechnungsstraße": "street",
    "rechnungs-plz": "zip", "rechnungsort": "city", "branche": "industry", "accounttyp": "kind",
}  # fmt: skip

# Our own template (what `crmbot export` writes as customers.csv), in either language.
TEMPLATE = {
    "name": "name", "type": "type", "typ": "type", "company": "company", "firma": "company",
    "kind": "kind", "art": "kind", "email": "email", "e-mail": "email", "phone": "phone",
    "telefon": "phone", "city": "city", "stadt": "city", "ort": "city", "address": "street",
    "adresse": "street", "tags": "tags", "schlagworte": "tags",
}  # fmt: skip

LAYOUTS = (
    Layout("hubspot", "contact", HUBSPOT_CONTACTS),
    Layout("hubspot", "company", HUBSPOT_COMPANIES),
    Layout("pipedrive", "contact", PIPEDRIVE_PEOPLE),
    Layout("pipedrive", "company", PIPEDRIVE_ORGANIZATIONS),
    Layout("salesforce", "contact", SALESFORCE_CONTACTS),
    Layout("salesforce", "company", SALESFORCE_ACCOUNTS),
    Layout("zoho", "contact", ZOHO_CONTACTS),
    Layout("zoho", "company", ZOHO_ACCOUNTS),
    Layout("template", "mixed", TEMPLATE),
)
NAMING_FIELDS = {"name", "first_name", "last_name"}


def choose(header: list[str], vendor: str = "auto") -> tuple[Layout, dict[int, str]] | None:
    """The layout that recognises most of `header` (among `vendor`'s), with the column index
    of each recognised field; None when no layout finds a name column."""
    keys = [key(column) for column in header]
    best: tuple[int, Layout, dict[int, str]] | None = None
    for layout in LAYOUTS:
        if vendor not in ("auto", layout.vendor):
            continue
        fields: dict[int, str] = {}
        for index, column in enumerate(keys):
            field = layout.columns.get(column)
            if field and field not in fields.values():
                fields[index] = field
        named = NAMING_FIELDS & set(fields.values())
        if not named or (
            layout.record == "contact" and "name" not in named and "last_name" not in named
        ):
            continue
        if best is None or len(fields) > best[0]:
            best = (len(fields), layout, fields)
    return (best[1], best[2]) if best else None
