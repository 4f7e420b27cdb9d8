//! The OpenAPI document says exactly what the API accepts, so that a client (or schemathesis)
//! that follows it is never refused for its shape, and one that breaks it always is:
//!
//! - a request body takes only the properties its schema names (`additionalProperties: false`,
//!   and `#[serde(deny_unknown_fields)]` on the type, which `it/api_edge.rs` checks);
//! - every free-text property carries the text policy of `logbog_app::text` as a `pattern` and a
//!   `maxLength`, added here once from that policy; a property marked `min_length = 1` must
//!   also hold more than white space;
//! - a property that takes a code (a supervision's kind, an assessment method, a role) lists
//!   the codes, from the domain's own list (the `codes!` types here).

use logbog_domain::Code;
use utoipa::Modify;
use utoipa::openapi::RefOr;
use utoipa::openapi::schema::{AdditionalProperties, Object, ObjectBuilder, Schema, SchemaType, Type};

fn codes_schema<'a>(codes: impl IntoIterator<Item = &'a str>) -> RefOr<Schema> {
    ObjectBuilder::new()
        .schema_type(Type::String)
        .enum_values(Some(codes.into_iter().collect::<Vec<_>>()))
        .into()
}

/// A documentation type: the schema of a string that takes one of the given codes.
macro_rules! codes {
    ($(#[$meta:meta])* $name:ident as $schema:literal => $codes:expr) => {
        $(#[$meta])*
        pub struct $name;

        impl utoipa::PartialSchema for $name {
            fn schema() -> RefOr<Schema> {
                codes_schema($codes)
            }
        }

        impl utoipa::ToSchema for $name {
            fn name() -> std::borrow::Cow<'static, str> {
                std::borrow::Cow::Borrowed($schema)
            }
        }
    };
}

fn all<T: Code>() -> impl Iterator<Item = &'static str> {
    T::ALL.iter().map(|c| c.code())
}

codes!(
    /// A kind of supervision: `main` or `daily`.
    SupervisorKindCode as "SupervisorKind" => all::<logbog_domain::SupervisorKind>()
);
codes!(
    /// An assessment method a curriculum may name.
    AssessmentMethodCode as "AssessmentMethod" => all::<logbog_domain::AssessmentMethod>()
);
codes!(
    /// An employment and training agreement or an addendum to it.
    AgreementKindCode as "AgreementKind" => all::<logbog_domain::documents::AgreementKind>()
);
codes!(
    /// Why an addendum was made.
    AddendumReasonCode as "AddendumReason" => all::<logbog_domain::documents::AddendumReason>()
);
codes!(
    /// What a specialty file is: a competency card, a checklist, a qualification card, other.
    SpecialtyFileFormCode as "SpecialtyFileForm" => all::<logbog_domain::specialty_files::SpecialtyFileForm>()
);
codes!(
    /// What a medical employment outside the training programmes is.
    OtherEmploymentKindCode as "OtherEmploymentKind" => all::<logbog_domain::overview::OtherEmploymentKind>()
);
codes!(
    /// A role in which someone approves a trainee's work (`rights::APPROVER_ROLES`).
    ApproverRoleCode as "ApproverRole" => logbog_domain::rights::APPROVER_ROLES.iter().map(|r| r.code())
);

/// Adds the text policy and `additionalProperties: false` to every request body's schema.
pub struct InputSchemas;

impl Modify for InputSchemas {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let bodies = request_body_schemas(openapi);
        let Some(components) = openapi.components.as_mut() else {
            return;
        };
        for name in bodies {
            if let Some(RefOr::T(Schema::Object(object))) = components.schemas.get_mut(&name) {
                close(object);
            }
        }
    }
}

/// The names of the component schemas that operations take as their JSON body.
fn request_body_schemas(openapi: &utoipa::openapi::OpenApi) -> Vec<String> {
    let mut names = Vec::new();
    for item in openapi.paths.paths.values() {
        let operations = [&item.get, &item.put, &item.post, &item.delete, &item.patch];
        for op in operations.into_iter().flatten() {
            let Some(RefOr::T(body)) = &op.request_body else {
                continue;
            };
            for content in body.content.values() {
                if let RefOr::T(content) = content
                    && let Some(RefOr::Ref(r)) = &content.schema
                    && let Some(name) = r.ref_location.strip_prefix("#/components/schemas/")
                {
                    names.push(name.to_owned());
                }
            }
        }
    }
    names.sort();
    names.dedup();
    names
}

/// No properties but the named ones, and the text policy on each free-text property.
fn close(object: &mut Object) {
    object.additional_properties = Some(Box::new(AdditionalProperties::FreeForm(false)));
    for (field, property) in object.properties.iter_mut() {
        if let RefOr::T(Schema::Object(p)) = property {
            apply_text_policy(field, p);
        }
    }
}

fn is_string(t: &SchemaType) -> bool {
    match t {
        SchemaType::Type(t) => *t == Type::String,
        SchemaType::Array(ts) => ts.contains(&Type::String),
        SchemaType::AnyValue => false,
    }
}

/// A string without a format, codes or pattern of its own is free text: the text policy.
fn apply_text_policy(field: &str, p: &mut Object) {
    if !is_string(&p.schema_type) || p.format.is_some() || p.enum_values.is_some() || p.pattern.is_some() {
        return;
    }
    let required = p.min_length.is_some_and(|n| n >= 1);
    p.pattern = Some(logbog_app::text::schema_pattern(field, required));
    p.max_length = Some(logbog_app::text::max_chars(field));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn document() -> serde_json::Value {
        let (_, doc) = crate::api::router();
        serde_json::to_value(&doc).expect("the document serialises")
    }

    /// Every request body is closed, and its free text carries the policy; the server refuses
    /// what the schema refuses (an unknown property) and so must not accept it either.
    #[test]
    fn every_request_body_is_closed_and_its_text_has_the_policy() {
        let doc = document();
        let (_, openapi) = crate::api::router();
        let names = request_body_schemas(&openapi);
        assert!(names.len() >= 8, "request bodies: {names:?}");
        for name in &names {
            let schema = &doc["components"]["schemas"][name];
            assert_eq!(schema["additionalProperties"], serde_json::json!(false), "{name}");
            for (field, p) in schema["properties"].as_object().expect("properties") {
                let string =
                    p["type"] == "string" || p["type"].as_array().is_some_and(|t| t.contains(&"string".into()));
                let free_text = string && p.get("format").is_none() && p.get("enum").is_none();
                if free_text {
                    assert!(
                        p["pattern"].is_string() && p["maxLength"].is_u64(),
                        "{name}.{field}: {p}"
                    );
                }
            }
        }
    }

    #[test]
    fn codes_come_from_the_domain() {
        let doc = document();
        let schemas = &doc["components"]["schemas"];
        let kind = &schemas["SupervisionRequest"]["properties"]["kind"];
        assert_eq!(kind["$ref"], "#/components/schemas/SupervisorKind", "{kind}");
        assert_eq!(schemas["SupervisorKind"]["enum"], serde_json::json!(["main", "daily"]));
        let roles = &schemas["ApproverRole"]["enum"];
        assert_eq!(roles, &serde_json::json!(["supervisor", "training_lead", "tutor"]));
        assert!(
            schemas["AssessmentMethod"]["enum"]
                .as_array()
                .is_some_and(|m| m.len() >= 5)
        );
    }

    #[test]
    fn the_documented_page_bounds_are_the_enforced_ones() {
        let doc = document();
        let params = doc["paths"]["/api/v1/notifications"]["get"]["parameters"]
            .as_array()
            .expect("parameters");
        let bound = |name: &str, key: &str| {
            params.iter().find(|p| p["name"] == name).expect(name)["schema"][key]
                .as_u64()
                .expect(key)
        };
        use logbog_app::paging::{MAX_PAGE, MAX_PER_PAGE};
        assert_eq!(
            (bound("page", "minimum"), bound("page", "maximum")),
            (1, MAX_PAGE as u64)
        );
        assert_eq!(
            (bound("per_page", "minimum"), bound("per_page", "maximum")),
            (1, MAX_PER_PAGE as u64)
        );
    }
}
