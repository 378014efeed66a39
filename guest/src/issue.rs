//! Reading a Jira issue.
//!
//! The sync starts from the JSON of Jira Cloud's `GET /rest/api/3/issue/{key}`. This module keeps
//! only what a prompt and the redactor need (key, summary, status, type, priority, labels, people,
//! description and comments, with ADF bodies normalized to text) and turns every way the input can
//! be wrong into a `DocumentError` that says what was expected.

use serde::de::{Deserialize, DeserializeOwned, Deserializer};
use serde_json::Value;

use crate::adf::adf_to_text;
use crate::types::{Comment, DocumentError, Issue, MAX_DOCUMENT_BYTES, Person};

/// The response body, as far as the engine reads it.
#[derive(serde::Deserialize)]
#[serde(rename = "issue")]
struct RawIssue {
    #[serde(default, deserialize_with = "or_none")]
    key: Option<String>,
    fields: Option<RawFields>,
}

/// `fields`. Required fields read a mistyped value as absent, so the error names its path.
#[derive(serde::Deserialize)]
#[serde(rename = "fields")]
struct RawFields {
    #[serde(default, deserialize_with = "or_none")]
    summary: Option<String>,
    updated: Option<String>,
    #[serde(default, deserialize_with = "or_none")]
    status: Option<Named>,
    #[serde(default, deserialize_with = "or_none")]
    issuetype: Option<Named>,
    priority: Option<Named>,
    labels: Option<Vec<String>>,
    assignee: Option<RawUser>,
    reporter: Option<RawUser>,
    description: Option<Value>,
    comment: Option<RawCommentPage>,
}

/// An object identified by its name (status, issue type, priority).
#[derive(serde::Deserialize)]
#[serde(rename = "named object")]
struct Named {
    name: String,
}

/// A Jira user; Jira hides the email address depending on the user's privacy settings.
#[derive(serde::Deserialize)]
#[serde(rename = "user", rename_all = "camelCase")]
struct RawUser {
    account_id: Option<String>,
    display_name: Option<String>,
    email_address: Option<String>,
}

/// `fields.comment`: one page of comments.
#[derive(serde::Deserialize)]
#[serde(rename = "comment page")]
struct RawCommentPage {
    comments: Option<Vec<RawComment>>,
}

/// One comment.
#[derive(serde::Deserialize)]
#[serde(rename = "comment")]
struct RawComment {
    author: Option<RawUser>,
    created: Option<String>,
    body: Option<Value>,
}

/// The people the issue's rich text mentions (ADF `mention` nodes: account id and shown name),
/// each once, in the order first mentioned. They are not in the structured fields, but their
/// names are personal data all the same: the redactor gets them with the others. Mentions whose
/// id or name is empty or longer than `max_form_bytes` are left out. Not valid JSON: none.
pub fn mentioned_people(json: &str, max_form_bytes: usize) -> Vec<Person> {
    let Ok(root) = serde_json::from_str::<serde_json::Value>(json) else { return Vec::new() };
    let mut people: Vec<Person> = Vec::new();
    let mut stack = vec![&root];
    while let Some(value) = stack.pop() {
        match value {
            serde_json::Value::Object(map) => {
                if map.get("type").and_then(serde_json::Value::as_str) == Some("mention") {
                    let attr = |key: &str| map.get("attrs").and_then(|a| a.get(key)).and_then(serde_json::Value::as_str).unwrap_or_default();
                    let (id, name) = (attr("id"), attr("text").trim_start_matches('@').trim());
                    let fits = |form: &str| !form.is_empty() && form.len() <= max_form_bytes;
                    if fits(id) && fits(name) && !people.iter().any(|p| p.account_id == id) {
                        people.push(Person { account_id: id.to_owned(), display_name: name.to_owned(), email: None });
                    }
                }
                stack.extend(map.values().rev());
            }
            serde_json::Value::Array(items) => stack.extend(items.iter().rev()),
            _ => {}
        }
    }
    people
}

/// Reads a Jira issue from the JSON of `GET /rest/api/3/issue/{key}`.
///
/// ADF bodies are normalized with [`adf_to_text`]; a plain string body (REST v2) is kept as it is.
///
/// # Errors
///
/// - `TooLarge` when the input exceeds [`MAX_DOCUMENT_BYTES`], checked before parsing.
/// - `MalformedJson` with `serde_json`'s message, line and column when the input is not JSON.
/// - `MissingField` naming the JSON path (for example `fields.status.name`) when a required field
///   is absent, null or mistyped; for an optional field of the wrong type, `serde_json`'s message
///   and position.
pub fn parse_issue(json: &str) -> Result<Issue, DocumentError> {
    if json.len() > MAX_DOCUMENT_BYTES {
        return Err(DocumentError::TooLarge(MAX_DOCUMENT_BYTES as u64));
    }
    let raw: RawIssue = serde_json::from_str(json).map_err(json_error)?;
    let key = required(raw.key, "key")?;
    let fields = raw.fields.ok_or_else(|| missing("fields"))?;
    Ok(Issue {
        key,
        updated: fields.updated.unwrap_or_default(),
        summary: required(fields.summary, "fields.summary")?,
        status: required(fields.status.map(|s| s.name), "fields.status.name")?,
        issue_type: required(fields.issuetype.map(|t| t.name), "fields.issuetype.name")?,
        priority: fields.priority.map(|p| p.name),
        labels: fields.labels.unwrap_or_default(),
        assignee: fields.assignee.map(person),
        reporter: fields.reporter.map(person),
        description: body_text(fields.description),
        comments: comments(fields.comment),
    })
}

/// Deserializes a value, reading one of the wrong type (or null) as absent.
fn or_none<'de, D, T>(deserializer: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: DeserializeOwned,
{
    let value = Value::deserialize(deserializer)?;
    Ok(T::deserialize(value).ok())
}

/// Syntax errors are malformed JSON; data errors (an optional field of the wrong type) are
/// missing fields, with `serde_json`'s position.
fn json_error(error: serde_json::Error) -> DocumentError {
    let message = error.to_string();
    let message = match message.strip_prefix("EOF") {
        Some(rest) => format!("end of input{rest}"),
        None => message,
    };
    if error.is_data() {
        DocumentError::MissingField(message)
    } else {
        DocumentError::MalformedJson(message)
    }
}

/// The value of a required field, or `MissingField(path)`.
fn required(value: Option<String>, path: &str) -> Result<String, DocumentError> {
    value.ok_or_else(|| missing(path))
}

/// `MissingField` naming the path.
fn missing(path: &str) -> DocumentError {
    DocumentError::MissingField(path.to_owned())
}

/// A Jira user as a `Person`; absent parts are empty.
fn person(user: RawUser) -> Person {
    Person {
        account_id: user.account_id.unwrap_or_default(),
        display_name: user.display_name.unwrap_or_default(),
        email: user.email_address,
    }
}

/// A body as text: ADF is normalized, a plain string (REST v2) kept, null is empty.
fn body_text(body: Option<Value>) -> String {
    match body {
        None | Some(Value::Null) => String::new(),
        Some(Value::String(text)) => text,
        Some(adf) => adf_to_text(&adf),
    }
}

/// The comments, oldest first as Jira lists them.
fn comments(page: Option<RawCommentPage>) -> Vec<Comment> {
    let raw = page.and_then(|page| page.comments).unwrap_or_default();
    raw.into_iter()
        .map(|comment| Comment {
            author: comment.author.map(person),
            created: comment.created.unwrap_or_default(),
            body: body_text(comment.body),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    #[cfg(js_engine)]
    use wasm_bindgen_test::wasm_bindgen_test as test;
    use super::*;
    use expect_test::expect;
    use serde_json::json;

    const EXAMPLE: &str = include_str!("../../examples/issue.json");

    fn minimal() -> Value {
        json!({
            "key": "PAY-1",
            "fields": {
                "summary": "Something broke",
                "status": { "name": "To Do" },
                "issuetype": { "name": "Bug" }
            }
        })
    }

    fn parse_value(value: &Value) -> Result<Issue, DocumentError> {
        parse_issue(&value.to_string())
    }

    #[test]
    fn reads_the_example_issue() {
        let issue = parse_issue(EXAMPLE).unwrap();
        assert_eq!(issue.key, "PAY-142");
        assert_eq!(
            issue.summary,
            "Refund webhook retries duplicate ledger entries"
        );
        assert_eq!(issue.status, "In Progress");
        assert_eq!(issue.issue_type, "Bug");
        assert_eq!(issue.priority.as_deref(), Some("High"));
        assert_eq!(issue.labels, ["payments", "refunds", "webhooks"]);
        let assignee = issue.assignee.unwrap();
        assert_eq!(assignee.display_name, "Priya Nair");
        assert_eq!(
            assignee.email.as_deref(),
            Some("priya.nair@acmepay.example")
        );
        assert_eq!(issue.reporter.unwrap().display_name, "Tom Becker");
        assert!(issue.description.contains("jane.doe@example.com"));
        assert!(issue.description.contains("AKIAIOSFODNN7EXAMPLE"));
        let authors: Vec<String> = issue
            .comments
            .iter()
            .map(|c| c.author.clone().unwrap().display_name)
            .collect();
        assert_eq!(authors, ["Priya Nair", "Marco Rossi", "Tom Becker"]);
        assert_eq!(issue.comments[0].created, "2024-06-18T10:02:11.482+0000");
    }

    #[test]
    fn normalizes_the_example_description() {
        expect![[r#"
            ## What happens

            When a refund webhook from the acquirer times out, our retry worker replays it and the ledger books the refund **twice**. Reported by Jane Doe (jane.doe@example.com, +44 20 7946 0958) after her statement showed two credits.

            ## Steps to reproduce

            1. Create a card payment of £42.00 in staging.
            2. Refund it from the dashboard.
            3. Block `POST /hooks/refunds` for 35 seconds so the first delivery times out.

            ## Observations

            - Both deliveries carry the same event_id, so the payload is identical.
            - The handler only checks idempotency after the ledger write.
              - Reproduced on staging by @Priya Nair on 2024-06-17.
            - Runbook: <https://wiki.acmepay.example/wiki/spaces/PAY/pages/88213/Refund+webhooks>

            ```json
            {
              "event_id": "evt_9Hq2Lx",
              "type": "refund.succeeded",
              "amount": 4200,
              "currency": "GBP"
            }
            ```

            > [!INFO]
            > The staging logs still contain the acquirer key AKIAIOSFODNN7EXAMPLE from the debug config; rotate it before sharing logs. Status: [STATUS: NEEDS ROTATION]

            | Environment | Duplicates (7 days) |
            | --- | --- |
            | production | 14 |
            | staging | 3 |"#]]
        .assert_eq(&parse_issue(EXAMPLE).unwrap().description);
    }

    #[test]
    fn reads_a_minimal_issue_with_empty_optional_parts() {
        let issue = parse_value(&minimal()).unwrap();
        assert_eq!(issue.priority, None);
        assert!(issue.labels.is_empty());
        assert_eq!(issue.assignee, None);
        assert_eq!(issue.description, "");
        assert!(issue.comments.is_empty());
    }

    #[test]
    fn rejects_malformed_json_with_its_position() {
        let error = parse_issue("{\"key\": \"PAY-1\",\n  \"fields\": }").unwrap_err();
        assert_eq!(
            error,
            DocumentError::MalformedJson("expected value at line 2 column 13".to_owned())
        );
        let truncated = parse_issue("{\"key\": ").unwrap_err();
        assert_eq!(
            truncated,
            DocumentError::MalformedJson(
                "end of input while parsing a value at line 1 column 8".to_owned()
            )
        );
    }

    #[test]
    fn names_the_path_of_a_missing_status() {
        let mut value = minimal();
        value["fields"].as_object_mut().unwrap().remove("status");
        assert_eq!(parse_value(&value), Err(missing("fields.status.name")));
        value["fields"]["status"] = json!({ "id": "3" });
        assert_eq!(parse_value(&value), Err(missing("fields.status.name")));
    }

    #[test]
    fn names_the_path_of_other_missing_or_mistyped_required_fields() {
        let mut value = minimal();
        value["key"] = json!(142);
        assert_eq!(parse_value(&value), Err(missing("key")));
        let mut value = minimal();
        value["fields"]["summary"] = Value::Null;
        assert_eq!(parse_value(&value), Err(missing("fields.summary")));
        let mut value = minimal();
        value["fields"]["issuetype"] = json!("Bug");
        assert_eq!(parse_value(&value), Err(missing("fields.issuetype.name")));
        assert_eq!(
            parse_value(&json!({ "key": "PAY-1" })),
            Err(missing("fields"))
        );
    }

    #[test]
    fn reports_a_mistyped_optional_field_with_its_position() {
        let mut value = minimal();
        value["fields"]["labels"] = json!("payments");
        let Err(DocumentError::MissingField(message)) = parse_value(&value) else {
            panic!("expected a missing-field error");
        };
        assert!(
            message.starts_with("invalid type: string \"payments\", expected a sequence at line 1")
        );
    }

    #[test]
    fn reads_a_null_description_as_empty_text() {
        let mut value = minimal();
        value["fields"]["description"] = Value::Null;
        assert_eq!(parse_value(&value).unwrap().description, "");
    }

    #[test]
    fn keeps_a_plain_string_description_as_rest_v2_returns_it() {
        let mut value = minimal();
        value["fields"]["description"] = json!("Plain *wiki* text");
        assert_eq!(
            parse_value(&value).unwrap().description,
            "Plain *wiki* text"
        );
    }

    #[test]
    fn reads_a_null_assignee_as_none() {
        let mut value = minimal();
        value["fields"]["assignee"] = Value::Null;
        value["fields"]["reporter"] = json!({ "accountId": "acc-7", "displayName": "Ann Lee" });
        let issue = parse_value(&value).unwrap();
        assert_eq!(issue.assignee, None);
        let reporter = issue.reporter.unwrap();
        assert_eq!(reporter.account_id, "acc-7");
        assert_eq!(reporter.email, None);
    }

    #[test]
    fn refuses_input_over_the_size_limit_before_parsing() {
        let oversize = " ".repeat(MAX_DOCUMENT_BYTES + 1);
        assert_eq!(
            parse_issue(&oversize),
            Err(DocumentError::TooLarge(MAX_DOCUMENT_BYTES as u64))
        );
    }

    #[test]
    fn keeps_serde_json_recursion_limit() {
        let deep = format!("{}{}", "[".repeat(200), "]".repeat(200));
        let Err(DocumentError::MalformedJson(message)) = parse_issue(&deep) else {
            panic!("expected malformed json");
        };
        assert!(message.starts_with("recursion limit exceeded"));
    }
}
