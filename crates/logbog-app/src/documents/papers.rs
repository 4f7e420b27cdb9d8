//! The paper time attestation on an employment: whose it is to upload (the trainee's own).
//! What happens to it then is in the module of paper time attestations.

use crate::people::CurrentUser;
use crate::{AppError, policy};
use chrono::NaiveDate;
use logbog_db::Conn;
use logbog_db::employments::Employment;
use logbog_domain::{EmploymentId, PersonId, Role};

/// Who may put a paper on an employment: the trainee herself, on one of her employments.
/// Anyone else who may see her logbook is refused; anyone who may not learns nothing.
pub(crate) async fn paper_role(
    conn: &mut Conn,
    user: &CurrentUser,
    trainee: PersonId,
    employment: EmploymentId,
    today: NaiveDate,
) -> Result<Employment, AppError> {
    let viewing = policy::authorize_view(conn, user, trainee, None, today)
        .await
        .map_err(|_| AppError::NotFound("employment"))?;
    let employment = match logbog_db::employments::find_employment(conn, employment).await? {
        Some((owner, e)) if owner == trainee => e,
        _ => return Err(AppError::NotFound("employment")),
    };
    if viewing == Role::Trainee {
        Ok(employment)
    } else {
        Err(AppError::Forbidden)
    }
}
