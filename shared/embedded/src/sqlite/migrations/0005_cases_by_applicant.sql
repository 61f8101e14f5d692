-- Officers look cases up by the applicant's NIK.
CREATE INDEX cases_by_applicant ON cases (json_extract(data, '$.applicant.nik'));
