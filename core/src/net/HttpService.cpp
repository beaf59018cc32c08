#include "net/HttpService.h"

namespace rolecall
{

HttpService::Plan HttpService::Plan::answer(Response response)
{
    Plan plan;
    plan.response = std::move(response);
    return plan;
}

HttpService::Plan HttpService::Plan::defer(std::function<Response()> work)
{
    Plan plan;
    plan.kind = Kind::Work;
    plan.work = std::move(work);
    return plan;
}

HttpService::Plan HttpService::Plan::upgrade(WebSocketListener& listener)
{
    Plan plan;
    plan.kind = Kind::Upgrade;
    plan.listener = &listener;
    return plan;
}

} // namespace rolecall
