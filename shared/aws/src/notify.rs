//! SMS through SNS (transactional, E.164), e-mail through SES v2 and WhatsApp through the Cloud API
//! (`whatsapp.rs`): the AWS `Sender`.
//!
//! Neither service takes an idempotency key, so a worker that dies between sending and recording
//! the delivery sends that message again: on AWS a message is delivered at least once. The local
//! mailbox, idempotent by message id, is the exactly-once stand-in.

use adminduk_domain::catalogue::OfficeCard;
use adminduk_ports::{Channel, OutboxMessage, Sender};
use async_trait::async_trait;
use aws_sdk_sesv2::types::{Body, Content, Destination, EmailContent, Message};
use aws_sdk_sns::types::MessageAttributeValue;

use crate::whatsapp::WhatsAppCloud;

#[derive(Clone)]
pub struct AwsSender {
    sns: aws_sdk_sns::Client,
    ses: aws_sdk_sesv2::Client,
    /// The verified SES identity messages come from, e.g. `noreply@disdukcapil.gowakab.go.id`.
    from: String,
    sms: SmsSettings,
    /// WhatsApp through the Cloud API, once the installation has a token for it.
    whatsapp: Option<WhatsAppCloud>,
}

/// Per-message SMS settings (SNS message attributes).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SmsSettings {
    /// A registered sender ID shown instead of a number, where the country allows it.
    pub sender_id: Option<String>,
    /// The highest price in USD one SMS may cost; SNS refuses a dearer route.
    pub max_price: Option<String>,
}

impl SmsSettings {
    /// From ADMINDUK_SMS_SENDER_ID and ADMINDUK_SMS_MAX_PRICE (empty means unset).
    pub fn from_env() -> SmsSettings {
        let var = |name: &str| std::env::var(name).ok().filter(|v| !v.trim().is_empty());
        SmsSettings { sender_id: var("ADMINDUK_SMS_SENDER_ID"), max_price: var("ADMINDUK_SMS_MAX_PRICE") }
    }
}

impl AwsSender {
    pub fn new(sns: aws_sdk_sns::Client, ses: aws_sdk_sesv2::Client, from: impl Into<String>) -> AwsSender {
        AwsSender { sns, ses, from: from.into(), sms: SmsSettings::default(), whatsapp: None }
    }

    pub fn with_whatsapp(self, whatsapp: Option<WhatsAppCloud>) -> AwsSender {
        AwsSender { whatsapp, ..self }
    }

    pub fn with_sms(self, sms: SmsSettings) -> AwsSender {
        AwsSender { sms, ..self }
    }
}

fn attribute(value: &str) -> Result<MessageAttributeValue, String> {
    MessageAttributeValue::builder().data_type("String").string_value(value).build().map_err(|e| e.to_string())
}

fn text(data: &str) -> Result<Content, String> {
    Content::builder().data(data).charset("UTF-8").build().map_err(|e| e.to_string())
}

#[async_trait]
impl Sender for AwsSender {
    async fn send(&self, m: &OutboxMessage, from: Option<&OfficeCard>) -> Result<(), String> {
        match m.channel {
            Channel::Sms => {
                let mut publish = self
                    .sns
                    .publish()
                    .phone_number(&m.recipient)
                    .message(&m.body)
                    .message_attributes("AWS.SNS.SMS.SMSType", attribute("Transactional")?);
                if let Some(id) = &self.sms.sender_id {
                    publish = publish.message_attributes("AWS.SNS.SMS.SenderID", attribute(id)?);
                }
                if let Some(price) = &self.sms.max_price {
                    publish = publish.message_attributes("AWS.SNS.SMS.MaxPrice", attribute(price)?);
                }
                publish.send().await.map_err(|e| e.into_service_error().to_string())?;
            }
            Channel::Whatsapp => {
                // Without a token or a number, the outbox sends the text by SMS instead.
                let cloud = self.whatsapp.as_ref().ok_or("WhatsApp Cloud API belum dihubungkan")?;
                let number = from.and_then(|o| o.whatsapp.as_ref()).ok_or("kantor tanpa nomor WhatsApp")?;
                cloud.send(&number.number_id, &m.recipient, &m.body).await?;
            }
            // Kept in the client's feed by the outbox, never handed to a sender.
            Channel::Sistem => return Err("peristiwa untuk klien mesin tidak dikirim lewat SMS atau email".into()),
            Channel::Email => {
                let subject = m.subject.as_deref().unwrap_or("Layanan Adminduk Online");
                let message = Message::builder()
                    .subject(text(subject)?)
                    .body(
                        Body::builder()
                            .text(text(&m.body)?)
                            .html(text(&adminduk_ports::email::html(subject, &m.body, from))?)
                            .build(),
                    )
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
    use adminduk_ports::{Channel, OutboxMessage, Sender};

    use super::{AwsSender, SmsSettings};
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
            office: None,
        }
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn sms_and_email_leave_through_sns_and_ses() {
        let config = testing::config().await;
        let ses = aws_sdk_sesv2::Client::new(&config);
        let sms = SmsSettings { sender_id: Some("DUKCAPIL".into()), max_price: Some("0.10".into()) };
        let sender =
            AwsSender::new(aws_sdk_sns::Client::new(&config), ses.clone(), "noreply@disdukcapil.gowakab.go.id")
                .with_sms(sms);

        sender.send(&message(Channel::Sms, "+6281234567890"), None).await.unwrap();
        // SES refuses a sender identity that is not verified, as AWS does.
        let refused = sender.send(&message(Channel::Email, "andi@contoh.id"), None).await;
        assert!(refused.is_err(), "{refused:?}");
        ses.create_email_identity().email_identity("noreply@disdukcapil.gowakab.go.id").send().await.unwrap();
        sender.send(&message(Channel::Email, "andi@contoh.id"), None).await.unwrap();

        let sent = testing::sent_emails().await;
        assert!(sent.iter().any(|m| m.contains("andi@contoh.id")), "{sent:?}");
    }
}
