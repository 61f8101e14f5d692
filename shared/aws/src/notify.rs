//! SMS through SNS (transactional, E.164) and e-mail through SES v2: the AWS `Sender`.
//!
//! Neither service takes an idempotency key, so a worker that dies between sending and recording
//! the delivery sends that message again: on AWS a message is delivered at least once. The local
//! mailbox, idempotent by message id, is the exactly-once stand-in.

use adminduk_app::ports::{Channel, OutboxMessage, Sender};
use async_trait::async_trait;
use aws_sdk_sesv2::types::{Body, Content, Destination, EmailContent, Message};
use aws_sdk_sns::types::MessageAttributeValue;

#[derive(Clone)]
pub struct AwsSender {
    sns: aws_sdk_sns::Client,
    ses: aws_sdk_sesv2::Client,
    /// The verified SES identity messages come from, e.g. `noreply@disdukcapil.gowakab.go.id`.
    from: String,
}

impl AwsSender {
    pub fn new(sns: aws_sdk_sns::Client, ses: aws_sdk_sesv2::Client, from: impl Into<String>) -> AwsSender {
        AwsSender { sns, ses, from: from.into() }
    }
}

fn text(data: &str) -> Result<Content, String> {
    Content::builder().data(data).charset("UTF-8").build().map_err(|e| e.to_string())
}

#[async_trait]
impl Sender for AwsSender {
    async fn send(&self, m: &OutboxMessage) -> Result<(), String> {
        match m.channel {
            Channel::Sms => {
                let kind = MessageAttributeValue::builder()
                    .data_type("String")
                    .string_value("Transactional")
                    .build()
                    .map_err(|e| e.to_string())?;
                self.sns
                    .publish()
                    .phone_number(&m.recipient)
                    .message(&m.body)
                    .message_attributes("AWS.SNS.SMS.SMSType", kind)
                    .send()
                    .await
                    .map_err(|e| e.into_service_error().to_string())?;
            }
            Channel::Email => {
                let message = Message::builder()
                    .subject(text(m.subject.as_deref().unwrap_or("Layanan Adminduk Online"))?)
                    .body(Body::builder().text(text(&m.body)?).build())
                    .build();
                self.ses
                    .send_email()
                    .from_email_address(&self.from)
                    .destination(Destination::builder().to_addresses(&m.recipient).build())
                    .content(EmailContent::builder().simple(message).build())
                    .send()
                    .await
                    .map_err(|e| e.into_service_error().to_string())?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use adminduk_app::ports::{Channel, OutboxMessage, Sender};

    use super::AwsSender;
    use crate::testing;

    fn message(channel: Channel, recipient: &str) -> OutboxMessage {
        OutboxMessage {
            id: format!("m-{recipient}"),
            channel,
            recipient: recipient.into(),
            template: "kode_aktivasi".into(),
            subject: (channel == Channel::Email).then(|| "Kode aktivasi".to_string()),
            body: "Kode aktivasi akun Layanan Adminduk Online: 123456.".into(),
            created_at: chrono::Utc::now(),
        }
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn sms_and_email_leave_through_sns_and_ses() {
        let config = testing::config().await;
        let ses = aws_sdk_sesv2::Client::new(&config);
        let sender =
            AwsSender::new(aws_sdk_sns::Client::new(&config), ses.clone(), "noreply@disdukcapil.gowakab.go.id");

        sender.send(&message(Channel::Sms, "+6281234567890")).await.unwrap();
        // SES refuses a sender identity that is not verified, as AWS does.
        let refused = sender.send(&message(Channel::Email, "andi@contoh.id")).await;
        assert!(refused.is_err(), "{refused:?}");
        ses.create_email_identity().email_identity("noreply@disdukcapil.gowakab.go.id").send().await.unwrap();
        sender.send(&message(Channel::Email, "andi@contoh.id")).await.unwrap();

        let sent = testing::sent_emails().await;
        assert!(sent.iter().any(|m| m.contains("andi@contoh.id")), "{sent:?}");
    }
}
